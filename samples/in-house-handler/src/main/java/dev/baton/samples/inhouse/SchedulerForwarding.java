package dev.baton.samples.inhouse;

import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The scheduler hook: one helper call per thread that needs a change. Results are per thread and truthful: the
 * state before and after is read back from /proc, never assumed, so core's verification checks what the helper
 * really did. In all-or-nothing mode a failure puts back the threads already changed and fails the call.
 */
final class SchedulerForwarding {
    private final AllowList allow;
    private final SiteHelper helper;
    private final System.Logger log;

    SchedulerForwarding(AllowList allow, SiteHelper helper, System.Logger log) {
        this.allow = requireNonNull(allow, "allow is null");
        this.helper = requireNonNull(helper, "helper is null");
        this.log = requireNonNull(log, "log is null");
    }

    SchedulerResult handle(SchedulerRequest request) {
        allow.checkScheduler(request); // first: a refused call must not start the helper at all
        long startTime = ProcFiles.startTime(request.pid());
        List<ThreadSchedResult> results = new ArrayList<>();
        for (int tid : request.tids()) {
            SchedState before = null;
            try {
                before = ProcSchedState.read(request.pid(), tid); // fails unless tid is a thread of pid
                results.add(applyOne(request, tid, before));
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
        ProcFiles.requireSameProcess(request.pid(), startTime);
        return new SchedulerResult(request.pid(), results);
    }

    private ThreadSchedResult applyOne(SchedulerRequest request, int tid, SchedState before) {
        boolean policyMatches = before.policy() == request.policy() && before.priority() == request.priority();
        boolean cpusMatch = request.cpus().isEmpty() || before.cpus().equals(request.cpus());
        if (policyMatches && cpusMatch) {
            return new ThreadSchedResult(tid, before, before, ThreadOutcome.UNCHANGED, null);
        }
        helper.run(HelperCommand.sched(helper.program(), request.pid(), tid, request.policy(), request.priority(),
                request.cpus()));
        return new ThreadSchedResult(tid, before, ProcSchedState.read(request.pid(), tid), ThreadOutcome.APPLIED, null);
    }

    /**
     * Puts back what each changed thread had. This skips the allow-list on purpose: it undoes this call's own
     * change, and a thread's previous state grants nothing new. A thread that cannot be restored is logged, and the
     * others are still tried: the caller sees the failure that started the rollback.
     */
    private void restore(int pid, List<ThreadSchedResult> done) {
        for (ThreadSchedResult thread : done) {
            if (thread.outcome() != ThreadOutcome.APPLIED) {
                continue;
            }
            SchedState before = thread.before();
            try {
                helper.run(HelperCommand.sched(helper.program(), pid, thread.tid(), before.policy(), before.priority(),
                        before.cpus()));
            } catch (BatonException e) {
                log.log(System.Logger.Level.WARNING, "all-or-nothing: could not restore thread " + thread.tid()
                        + " of pid " + pid + " to " + before + ": " + e.getMessage());
            }
        }
    }
}
