package dev.baton.core;

import dev.baton.core.routing.RouteReason;
import dev.baton.spi.hook.HookResult;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The result of one hook call, with where it went and how it was checked.
 *
 * @param backend      the plugin that handled it, or "code" for a handler registered in code
 * @param reason       why the call went to that backend
 * @param verification {@link Verification#VERIFIED} or {@link Verification#PLANNED}
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
}
