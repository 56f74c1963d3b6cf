package dev.baton.batond.auth;

import dev.baton.batond.policy.CgroupPaths;
import dev.baton.batond.policy.ClientRule;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.PidFd;
import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcStat;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.NotAuthorizedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether a peer may act on a target under its rule's {@code targets:} scope. The target is pinned first;
 * every lookup that fails denies.
 */
final class TargetCheck {
    /** Deeper process trees than this are not launchers; refusing bounds the walk. */
    private static final int MAX_DEPTH = 64;

    private final Optional<CgroupMount> hierarchy;
    private final int daemonPid = (int) ProcessHandle.current().pid();

    TargetCheck(Optional<CgroupMount> hierarchy) {
        this.hierarchy = hierarchy;
    }

    /**
     * Pins and checks the target; the caller owns the returned pin. With {@code startTime}, a process that has
     * taken over the pid of the one the caller means is refused as {@link NoSuchProcessException}.
     */
    PinnedProcess pinAllowed(Peer peer, ClientRule rule, int pid, OptionalLong startTime) {
        if (pid == 1) {
            throw deny(rule, "pid 1 (init) is never a delegation target");
        }
        if (pid == daemonPid) {
            throw deny(rule, "batond itself is never a delegation target");
        }
        PinnedProcess target = PinnedProcess.pin(pid, startTime);
        try {
            if (target.stat().isKernelThread()) {
                throw deny(rule, "pid " + pid + " is a kernel thread");
            }
            TargetFacts facts = new TargetFacts(target);
            switch (rule.targets()) {
                case SELF_AND_DESCENDANTS -> requireDescendant(peer, rule, target);
                case SAME_CGROUP -> requireSameCgroup(peer, rule, target);
                case SAME_UID -> requireSameUid(peer, rule, facts);
            }
            TargetPrivilege.requireNoneBeyondPeer(peer, rule, facts);
            target.ensureStillSame();
            peer.requireAlive();
            return target;
        } catch (NoSuchProcessException e) {
            target.close();
            throw e;
        } catch (RuntimeException e) {
            target.close();
            throw e instanceof NotAuthorizedException ? e : deny(rule, "cannot check pid " + pid + ": " + e.getMessage());
        }
    }

    /**
     * Walks the ppid chain from the target up to the peer, pinning each ancestor before reading it, then checks
     * that every pinned process is still alive: only then was each ppid read about the process we think it was.
     */
    private static void requireDescendant(Peer peer, ClientRule rule, PinnedProcess target) {
        if (target.pid() == peer.pid()) {
            return;
        }
        List<PidFd> ancestors = new ArrayList<>();
        try {
            int parent = target.stat().ppid();
            for (int depth = 0; depth < MAX_DEPTH && parent > 1; depth++) {
                if (parent == peer.pid()) {
                    if (!ancestors.stream().allMatch(PidFd::isAlive) || ProcFs.stat(target.pid()).ppid()
                            != target.stat().ppid()) {
                        throw deny(rule, "the process tree of pid " + target.pid() + " changed while it was checked");
                    }
                    return;
                }
                PidFd pinned = PidFd.open(parent);
                ancestors.add(pinned);
                ProcStat stat = ProcFs.stat(parent);
                parent = stat.ppid();
            }
        } catch (NoSuchProcessException e) {
            throw deny(rule, "the process tree of pid " + target.pid() + " changed while it was checked");
        } finally {
            ancestors.forEach(PidFd::close);
        }
        throw deny(rule, "pid " + target.pid() + " is not the caller (pid " + peer.pid() + ") or one of its"
                + " descendants");
    }

    private void requireSameCgroup(Peer peer, ClientRule rule, PinnedProcess target) {
        CgroupMount mount = hierarchy.orElseThrow(() -> deny(rule, "no cgroup hierarchy holds cpuset on this host"));
        String own = peer.cgroupPath();
        if (own == null || own.equals("/")) {
            // Everything is below the root cgroup; granting "same cgroup" there would grant every process.
            throw deny(rule, "the caller is in the root cgroup, so same-cgroup cannot confine it");
        }
        String theirs;
        try {
            theirs = ProcCgroup.path(ProcFs.cgroups(target.pid()), mount.layout()).orElse("");
        } catch (BatonException e) {
            throw deny(rule, "cannot read the cgroup of pid " + target.pid());
        }
        if (!CgroupPaths.within(theirs, own)) {
            throw deny(rule, "pid " + target.pid() + " (cgroup " + theirs + ") is outside the caller's cgroup " + own);
        }
    }

    private static void requireSameUid(Peer peer, ClientRule rule, TargetFacts target) {
        int uid = target.status().uid();
        if (uid != peer.uid()) {
            throw deny(rule, "pid " + target.pid() + " belongs to uid " + uid + ", not to the caller's uid " + peer.uid());
        }
    }

    static NotAuthorizedException deny(ClientRule rule, String reason) {
        return new NotAuthorizedException(reason + " (rule '" + rule.name() + "')");
    }
}
