package dev.baton.batond.policy;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Which peers a rule applies to: any listed criterion may match. Criteria are the kernel's view of the peer
 * (SO_PEERCRED, /proc/PID/cgroup), never anything the peer says.
 *
 * @param cgroupPrefix matches the peer's cgroup path or anything below it; null for none
 */
public record ClientMatch(Set<Integer> uids, Set<Integer> gids, String cgroupPrefix) {
    public ClientMatch {
        uids = Set.copyOf(uids);
        gids = Set.copyOf(gids);
    }

    /** {@code cgroupPath} is only asked for when uid and gid do not match and a prefix is set. */
    public boolean matches(int uid, int gid, Supplier<String> cgroupPath) {
        if (uids.contains(uid) || gids.contains(gid)) {
            return true;
        }
        if (cgroupPrefix == null) {
            return false;
        }
        String path = cgroupPath.get();
        return path != null && CgroupPaths.within(path, cgroupPrefix);
    }
}
