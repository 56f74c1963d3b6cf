package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.linux.ProcStatus;

import static dev.baton.batond.auth.TargetCheck.deny;

/**
 * A target must not run with privilege the caller lacks, whatever its scope allows: a set-user-ID program the
 * launcher starts is its descendant and may carry its real uid, yet runs as root. The kernel refuses such targets
 * to the caller itself (prlimit(2) wants every uid and gid to match, ptrace the process to be dumpable), so
 * batond, acting with root's privilege, must refuse them too.
 *
 * <p>A non-root caller's target may not hold uid 0, may not be running a set-id program (its real, effective,
 * saved and filesystem ids differ), and, for every caller, may not hold capabilities outside the caller's
 * permitted set (file capabilities).
 */
final class TargetPrivilege {
    private TargetPrivilege() {}

    static void requireNoneBeyondPeer(Peer peer, ClientRule rule, TargetFacts target) {
        int pid = target.pid();
        if (peer.uid() != 0) {
            ProcStatus status = target.status();
            if (status.uid() == 0 || status.euid() == 0 || status.suid() == 0 || status.fsuid() == 0) {
                throw deny(rule, "pid " + pid + " runs as root (uids " + uids(status) + "); a caller of uid "
                        + peer.uid() + " may not act on it");
            }
            if (!status.runsEntirelyAs(status.uid(), status.gid())) {
                throw deny(rule, "pid " + pid + " runs a set-user-ID or set-group-ID program (uids " + uids(status)
                        + ", gids " + gids(status) + "); batond does not act on it for uid " + peer.uid());
            }
        }
        long capabilities = target.capabilities();
        long beyond = capabilities == 0 ? 0 : capabilities & ~peer.capPermitted(); // most targets hold none
        if (beyond != 0) {
            throw deny(rule, "pid " + pid + " holds capabilities the caller lacks (mask 0x"
                    + Long.toHexString(beyond) + "); batond does not act on it");
        }
    }

    private static String uids(ProcStatus s) {
        return s.uid() + "/" + s.euid() + "/" + s.suid() + "/" + s.fsuid();
    }

    private static String gids(ProcStatus s) {
        return s.gid() + "/" + s.egid() + "/" + s.sgid() + "/" + s.fsgid();
    }
}
