package dev.baton.batond.auth;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.PidFd;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcessCapabilities;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.varlink.VarlinkPeer;

import java.util.Optional;

/**
 * The caller as the kernel reports it: SO_PEERCRED taken at connect time and pinned by SO_PEERPIDFD. Nothing here
 * comes from the message. If the peer cannot be pinned or has gone, there is no peer, and the call is denied
 * (CVE-2021-3560 treated a vanished caller as root; batond treats it as nobody).
 */
public final class Peer {
    private final int pid;
    private final int uid;
    private final int gid;
    private final int pidfd;
    private final Optional<CgroupMount> hierarchy;
    private String cgroupPath;
    private boolean cgroupRead;
    private long capPermitted;
    private boolean capabilitiesRead;

    private Peer(VarlinkPeer connection, int pidfd, Optional<CgroupMount> hierarchy) {
        this.pid = connection.pid();
        this.uid = connection.uid();
        this.gid = connection.gid();
        this.pidfd = pidfd;
        this.hierarchy = hierarchy;
    }

    public static Peer identify(VarlinkPeer connection, Optional<CgroupMount> hierarchy) {
        if (connection.pid() <= 0) {
            // SO_PEERCRED reports pid 0 for a peer in a pid namespace batond cannot see into: it cannot be named,
            // walked or compared, and pid 0 would read as "batond itself" to several syscalls.
            throw new NotAuthorizedException("batond cannot see the calling process (SO_PEERCRED pid "
                    + connection.pid() + ": it runs in a pid namespace batond is not in) and refuses to act for it");
        }
        if (connection.pidfd().isEmpty()) {
            throw new NotAuthorizedException("batond cannot pin peer pid " + connection.pid() + " (the kernel gave no"
                    + " SO_PEERPIDFD; Linux 6.5 or later is required) and refuses to act for an unpinned caller");
        }
        Peer peer = new Peer(connection, connection.pidfd().getAsInt(), hierarchy);
        peer.requireAlive();
        return peer;
    }

    public int pid() {
        return pid;
    }

    public int uid() {
        return uid;
    }

    public int gid() {
        return gid;
    }

    /**
     * The peer's cgroup on the hierarchy that holds cpuset, or null if it has none there. Read on first use only:
     * most rules match on uid and never need it.
     */
    public String cgroupPath() {
        if (!cgroupRead) {
            try {
                cgroupPath = hierarchy.flatMap(h -> ProcCgroup.path(ProcFs.cgroups(pid), h.layout())).orElse(null);
            } catch (BatonException e) {
                throw gone(pid);
            }
            // The read above named the peer only if the peer is still alive now: pinned pids are not reused.
            requireAlive();
            cgroupRead = true;
        }
        return cgroupPath;
    }

    /** The peer's permitted capability set, read on first use (only targets holding capabilities need it). */
    public long capPermitted() {
        if (!capabilitiesRead) {
            try {
                capPermitted = ProcessCapabilities.of(pid).permitted();
            } catch (BatonException e) {
                throw gone(pid);
            }
            requireAlive(); // as for the cgroup: the read named the peer only if it is still alive now
            capabilitiesRead = true;
        }
        return capPermitted;
    }

    public void requireAlive() {
        if (!PidFd.isAlive(pidfd)) {
            throw gone(pid);
        }
    }

    private static NotAuthorizedException gone(int pid) {
        return new NotAuthorizedException("the calling process " + pid + " has exited; batond does not act for a"
                + " caller that is gone");
    }
}
