package dev.baton.batond.auth;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.PidFd;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.varlink.VarlinkPeer;

import java.util.Optional;

/**
 * The caller as the kernel reports it: SO_PEERCRED taken at connect time and pinned by SO_PEERPIDFD. Nothing here
 * comes from the message. If the peer cannot be pinned or has gone, there is no peer, and the call is denied
 * (CVE-2021-3560 treated a vanished caller as root; batond treats it as nobody).
 *
 * @param cgroupPath the peer's cgroup on the hierarchy that holds cpuset, read while the peer was alive
 */
public record Peer(int pid, int uid, int gid, int pidfd, String cgroupPath) {
    public static Peer identify(VarlinkPeer connection, Optional<CgroupMount> hierarchy) {
        if (connection.pidfd().isEmpty()) {
            throw new NotAuthorizedException("batond cannot pin peer pid " + connection.pid() + " (the kernel gave no"
                    + " SO_PEERPIDFD; Linux 6.5 or later is required) and refuses to act for an unpinned caller");
        }
        int pidfd = connection.pidfd().getAsInt();
        requireAlive(connection.pid(), pidfd);
        String cgroup;
        try {
            cgroup = hierarchy.flatMap(h -> ProcCgroup.path(ProcFs.cgroups(connection.pid()), h.layout())).orElse(null);
        } catch (BatonException e) {
            throw gone(connection.pid());
        }
        // The read above named the peer only if the peer is still alive now: pinned pids are not reused.
        requireAlive(connection.pid(), pidfd);
        return new Peer(connection.pid(), connection.uid(), connection.gid(), pidfd, cgroup);
    }

    public void requireAlive() {
        requireAlive(pid, pidfd);
    }

    private static void requireAlive(int pid, int pidfd) {
        if (!PidFd.isAlive(pidfd)) {
            throw gone(pid);
        }
    }

    private static NotAuthorizedException gone(int pid) {
        return new NotAuthorizedException("the calling process " + pid + " has exited; batond does not act for a"
                + " caller that is gone");
    }
}
