package dev.baton.plugins.localroot;

import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Policy, priority and optional affinity, per thread, as KubeVirt sets them for real-time vCPUs. Results are per
 * thread; in all-or-nothing mode a failure restores the threads already changed and fails the call.
 */
final class SchedulerOperation {
    private final System.Logger log;

    SchedulerOperation(System.Logger log) {
        this.log = log;
    }

    SchedulerResult apply(SchedulerRequest request) {
        checkKernelRange(request);
        try (PinnedProcess target = PinnedProcess.pin(request.pid(), request.startTime());
             PinnedThreads threads = PinnedThreads.pin(request.pid(), request.tids())) {
            List<ThreadSchedResult> results = new ArrayList<>();
            for (int tid : request.tids()) {
                SchedState before = null;
                try {
                    before = ThreadScheduling.read(tid);
                    results.add(applyOne(request, threads, tid, before));
                } catch (BatonException e) {
                    if (request.allOrNothing()) {
                        restore(request.pid(), results);
                        throw e;
                    }
                    SchedState known = before != null ? before
                            : new SchedState(request.policy(), request.priority(), false, List.of());
                    results.add(new ThreadSchedResult(tid, known, known, ThreadOutcome.FAILED, e.getMessage()));
                }
            }
            target.ensureStillSame();
            return new SchedulerResult(request.pid(), results);
        }
    }

    private static ThreadSchedResult applyOne(SchedulerRequest request, PinnedThreads threads, int tid,
                                              SchedState before) {
        // SCHED_RESET_ON_FORK is only ever added, never cleared: libvirt preserves it, and batond relies on it.
        boolean resetOnFork = before.resetOnFork() || request.resetOnFork();
        boolean policyMatches = before.policy() == request.policy() && before.priority() == request.priority()
                && before.resetOnFork() == resetOnFork;
        boolean cpusMatch = request.cpus().isEmpty() || before.cpus().equals(request.cpus());
        if (policyMatches && cpusMatch) {
            return new ThreadSchedResult(tid, before, before, ThreadOutcome.UNCHANGED, null);
        }
        threads.ensureAlive(tid);
        if (!policyMatches) {
            ThreadScheduling.set(request.pid(), tid, request.policy(), request.priority(), resetOnFork);
        }
        if (!cpusMatch) {
            ThreadScheduling.setAffinity(request.pid(), tid, request.cpus());
        }
        threads.ensureAlive(tid);
        return new ThreadSchedResult(tid, before, ThreadScheduling.read(tid), ThreadOutcome.APPLIED, null);
    }

    /** Puts back the state each changed thread had; a thread that has exited since needs nothing. */
    private void restore(int pid, List<ThreadSchedResult> done) {
        for (ThreadSchedResult thread : done) {
            if (thread.outcome() != ThreadOutcome.APPLIED) {
                continue;
            }
            SchedState before = thread.before();
            try {
                ThreadScheduling.set(pid, thread.tid(), before.policy(), before.priority(), before.resetOnFork());
                ThreadScheduling.setAffinity(pid, thread.tid(), before.cpus());
            } catch (BatonException e) {
                log.log(System.Logger.Level.WARNING, "all-or-nothing: could not restore thread " + thread.tid()
                        + " of pid " + pid + ": " + e.getMessage());
            }
        }
    }

    /** The request checked 1..99 already; the kernel is the authority on the range, so ask it too. */
    private static void checkKernelRange(SchedulerRequest request) {
        int min = ThreadScheduling.minPriority(request.policy());
        int max = ThreadScheduling.maxPriority(request.policy());
        if (request.priority() < min || request.priority() > max) {
            throw new InvalidRequestException("priority", "for " + request.policy() + " must be " + min + ".." + max
                    + " on this kernel (got " + request.priority() + ")");
        }
    }
}
