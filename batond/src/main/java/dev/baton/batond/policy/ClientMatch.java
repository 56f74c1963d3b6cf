package dev.baton.batond.policy;

import java.util.Set;

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

    public boolean matches(int uid, int gid, String cgroupPath) {
        if (uids.contains(uid) || gids.contains(gid)) {
            return true;
        }
        return cgroupPrefix != null && cgroupPath != null && CgroupPaths.within(cgroupPath, cgroupPrefix);
    }
}
