package dev.baton.core.verify;

import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.List;

/**
 * Every thread the handler says it set must really have the requested policy, priority and affinity, and
 * SCHED_RESET_ON_FORK if the request asked for it.
 */
final class SchedulerVerification {
    private SchedulerVerification() {}

    static void verify(SchedulerRequest request, SchedulerResult result) {
        List<Integer> reported = result.threads().stream().map(ThreadSchedResult::tid).toList();
        if (!reported.equals(request.tids())) {
            throw new VerificationFailedException("scheduler result for pid " + request.pid(),
                    "one result per requested thread " + request.tids(), "results for " + reported);
        }
        for (ThreadSchedResult thread : result.threads()) {
            if (thread.outcome() == ThreadOutcome.FAILED) {
                continue; // the handler admitted the failure; there is no success claim to check
            }
            SchedState actual = ThreadScheduling.read(thread.tid());
            boolean policyOk = actual.policy() == request.policy() && actual.priority() == request.priority()
                    && (!request.resetOnFork() || actual.resetOnFork());
            boolean cpusOk = request.cpus().isEmpty() || actual.cpus().equals(request.cpus());
            if (!policyOk || !cpusOk) {
                throw new VerificationFailedException("scheduling of thread " + thread.tid() + " of pid "
                        + request.pid(), describe(request), actual.policy() + "/" + actual.priority()
                        + (request.resetOnFork() && !actual.resetOnFork() ? " without SCHED_RESET_ON_FORK" : "")
                        + (request.cpus().isEmpty() ? "" : " cpus=" + CpuList.format(actual.cpus())));
            }
        }
    }

    private static String describe(SchedulerRequest request) {
        return request.policy() + "/" + request.priority() + (request.resetOnFork() ? "+RESET_ON_FORK" : "")
                + (request.cpus().isEmpty() ? "" : " cpus=" + CpuList.format(request.cpus()));
    }
}
