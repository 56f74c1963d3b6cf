package dev.baton.core;

import dev.baton.core.routing.RouteReason;
import dev.baton.spi.hook.HookResult;
import dev.baton.spi.hook.SchedulerResult;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The result of one hook call, with where it went and how it was checked.
 *
 * @param backend      the plugin that handled it, or "code" for a handler registered in code
 * @param reason       why the call went to that backend
 * @param verification {@link Verification#VERIFIED} or {@link Verification#PLANNED}. VERIFIED means every claim of
 *                     success was checked against the real state; it does not mean that everything succeeded, see
 *                     {@link #succeeded()}
 */
public record Outcome<R extends HookResult>(String hook, String backend, RouteReason reason, R result,
                                           Verification verification, Duration elapsed) {
    public Outcome {
        requireNonNull(hook, "hook is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(result, "result is null");
        requireNonNull(verification, "verification is null");
        requireNonNull(elapsed, "elapsed is null");
    }

    /**
     * False if the call returned normally but part of it, or all of it, failed: a scheduler batch without
     * all-or-nothing reports a thread that failed as {@code FAILED} instead of throwing, even when every thread
     * failed. Callers must check this (and the per-thread errors) before relying on the change. The other hooks
     * throw on failure, so their outcomes always succeeded.
     */
    public boolean succeeded() {
        return !(result instanceof SchedulerResult scheduler) || scheduler.succeeded();
    }
}
