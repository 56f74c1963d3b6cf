package dev.baton.plugins.localroot;

import dev.baton.linux.PinnedProcess;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Policy, priority and optional affinity, per thread, as KubeVirt sets them for real-time vCPUs. Results are per
 * thread, and a failed thread is reported in the state it really has afterwards; in all-or-nothing mode a failure
 * restores every thread the call changed, the one that failed half-way included, and fails the call.
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
                        // The failing thread may be half-changed (policy set, affinity refused): it goes back too.
                        if (before != null) {
                            restoreOne(request.pid(), tid, before);
                        }
                        restore(request.pid(), results);
                        throw e;
                    }
                    results.add(failed(request, tid, before, e));
                }
            }
            target.ensureStillSame();
            return new SchedulerResult(request.pid(), results);
        }
    }

    /**
     * A FAILED thread's result. {@code after} is the state re-read now, not {@code before}: a thread whose policy
     * was set before its affinity was refused really runs with the new policy, and the caller must be able to see
     * that. A thread that cannot be read any more (it exited) is reported as it was.
     */
    private static ThreadSchedResult failed(SchedulerRequest request, int tid, SchedState before, BatonException e) {
        SchedState now = readIfPossible(tid);
        SchedState known = before != null ? before : now != null ? now
                : new SchedState(request.policy(), request.priority(), false, List.of());
        return new ThreadSchedResult(tid, known, now != null ? now : known, ThreadOutcome.FAILED, e.getMessage());
    }

    private static SchedState readIfPossible(int tid) {
        try {
            return ThreadScheduling.read(tid);
        } catch (BatonException gone) {
            return null;
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
            if (thread.outcome() == ThreadOutcome.APPLIED) {
                restoreOne(pid, thread.tid(), thread.before());
            }
        }
    }

    /** Best effort: a restore that fails is logged, because the original failure is what the caller must see. */
    private void restoreOne(int pid, int tid, SchedState before) {
        try {
            SchedState now = ThreadScheduling.read(tid);
            if (now.policy() != before.policy() || now.priority() != before.priority()
                    || now.resetOnFork() != before.resetOnFork()) {
                ThreadScheduling.set(pid, tid, before.policy(), before.priority(), before.resetOnFork());
            }
            if (!now.cpus().equals(before.cpus())) {
                ThreadScheduling.setAffinity(pid, tid, before.cpus());
            }
        } catch (NoSuchProcessException exited) {
            // a thread that has exited needs nothing
        } catch (BatonException e) {
            log.log(System.Logger.Level.WARNING, "all-or-nothing: could not restore thread " + tid + " of pid " + pid
                    + ": " + e.getMessage());
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
