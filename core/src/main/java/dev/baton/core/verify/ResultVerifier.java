package dev.baton.core.verify;

import dev.baton.spi.Hook;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;

/**
 * The RFC's "sanity checks afterwards": after every handler, core re-reads the real state with unprivileged reads
 * and raises {@link VerificationFailedException} if the handler's claim does not match reality. What must be
 * compared with the state before the call is read by {@link CallBaseline#read} before the handler runs.
 */
public final class ResultVerifier {
    public <Q extends HookRequest, R extends HookResult> void verify(Hook<Q, R> hook, Q request, R result,
                                                                     CallBaseline before) {
        if (result.pid() != request.pid()) {
            throw new VerificationFailedException(hook + " result", "pid " + request.pid(), "pid " + result.pid());
        }
        if (hook == Hook.MEMLOCK) {
            MemlockVerification.verify((MemlockRequest) request, (MemlockResult) result);
        } else if (hook == Hook.SCHEDULER) {
            SchedulerVerification.verify((SchedulerRequest) request, (SchedulerResult) result);
        } else if (hook == Hook.HOUSEKEEPING) {
            HousekeepingVerification.verify((HousekeepingRequest) request, (HousekeepingResult) result, before);
        } else if (hook == Hook.INSPECT) {
            InspectVerification.verify((InspectRequest) request, (InspectResult) result);
        } else {
            throw new IllegalArgumentException("no verification for hook " + hook);
        }
    }
}
