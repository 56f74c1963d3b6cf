package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.batond.policy.HousekeepingRule;
import dev.baton.batond.policy.SchedulerRule;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.SchedulerRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static dev.baton.batond.auth.TargetCheck.deny;

/**
 * The per-process limits that depend on the target's current state: real-time threads and cgroup count. Each is
 * counted under a {@link LimitLocks} lock that the returned {@link LimitLocks.Held} keeps until the call has acted,
 * so that concurrent calls cannot all count the same free slot.
 */
final class TargetLimits {
    private final Optional<CgroupMount> hierarchy;
    private final LimitLocks locks = new LimitLocks();

    TargetLimits(Optional<CgroupMount> hierarchy) {
        this.hierarchy = hierarchy;
    }

    /** Real-time threads after the call = the target's other RT threads + the requested ones (if RT). */
    Optional<LimitLocks.Held> checkRealtimeThreads(ClientRule rule, SchedulerRule limit, SchedulerRequest request,
                                                   PinnedProcess target) {
        if (!request.policy().isRealtime()) {
            return Optional.empty();
        }
        LimitLocks.Held held = locks.acquire("the real-time threads of pid " + target.pid());
        try {
            countRealtimeThreads(rule, limit, request, target);
            return Optional.of(held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private static void countRealtimeThreads(ClientRule rule, SchedulerRule limit, SchedulerRequest request,
                                             PinnedProcess target) {
        Set<Integer> requested = new HashSet<>(request.tids());
        if (requested.stream().allMatch(TargetLimits::isRealtime)) {
            // Nothing becomes real-time: the call cannot raise the count, so counting every thread of the target
            // (one sched_getscheduler per thread, the dominant cost for a VM with many threads) is skipped. A
            // re-application on a running VM, the live-migration case, takes this path.
            return;
        }
        long others = 0;
        for (int tid : ProcFs.threadIds(target.pid())) {
            if (requested.contains(tid)) {
                continue;
            }
            try {
                if (ThreadScheduling.isRealtime(tid)) {
                    others++;
                }
            } catch (BatonException exited) {
                // a thread that exited during the count holds no real-time slot
            }
        }
        long after = others + requested.size();
        if (after > limit.maxRealtimeThreadsPerProcess()) {
            throw deny(rule, "pid " + target.pid() + " would have " + after + " real-time threads, more than the"
                    + " maximum " + limit.maxRealtimeThreadsPerProcess());
        }
    }

    private static boolean isRealtime(int tid) {
        try {
            return ThreadScheduling.isRealtime(tid);
        } catch (BatonException gone) {
            return false; // an exited or foreign tid counts as new; local-root rejects it before acting
        }
    }

    /**
     * Child cgroups of the target's cgroup after the call must not exceed the rule's maximum. The request's name
     * has been validated (one safe path component) before it is resolved here.
     */
    Optional<LimitLocks.Held> checkCgroupCount(ClientRule rule, HousekeepingRule limit, HousekeepingRequest request,
                                               PinnedProcess target) {
        CgroupMount mount = hierarchy.orElseThrow(() -> deny(rule, "no cgroup hierarchy holds cpuset on this host"));
        Path dir;
        try {
            String path = ProcCgroup.path(ProcFs.cgroups(target.pid()), mount.layout()).orElseThrow();
            dir = mount.directoryOf(path).orElseThrow();
        } catch (RuntimeException e) {
            throw deny(rule, "cannot find the cgroup of pid " + target.pid());
        }
        // Keyed by the directory, not the pid: every process of one cgroup shares its count.
        LimitLocks.Held held = locks.acquire("the child cgroups of " + dir);
        try {
            countChildren(rule, limit, request, target, dir);
            return Optional.of(held);
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
    }

    private static void countChildren(ClientRule rule, HousekeepingRule limit, HousekeepingRequest request,
                                      PinnedProcess target, Path dir) {
        long existing;
        boolean exists = Files.isDirectory(dir.resolve(request.cgroup()), LinkOption.NOFOLLOW_LINKS);
        try (Stream<Path> children = Files.list(dir)) {
            existing = children.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).count();
        } catch (IOException e) {
            throw deny(rule, "cannot list the cgroup of pid " + target.pid());
        }
        long after = existing + (exists ? 0 : 1);
        if (after > limit.maxCgroupsPerProcess()) {
            throw deny(rule, "pid " + target.pid() + "'s cgroup would have " + after + " child cgroups, more than the"
                    + " maximum " + limit.maxCgroupsPerProcess());
        }
    }

    int heldLocks() {
        return locks.size();
    }
}
