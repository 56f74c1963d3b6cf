package dev.baton.core;

import dev.baton.core.routing.Backend;
import dev.baton.core.routing.Route;
import dev.baton.core.routing.RouteReason;
import dev.baton.core.routing.RouteTable;
import dev.baton.core.verify.CallBaseline;
import dev.baton.core.verify.ResultVerifier;
import dev.baton.spi.Effect;
import dev.baton.spi.Hook;
import dev.baton.spi.HookHandler;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.spi.error.HookNotClaimedException;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs one call: route, swap the context class loader, call the handler, translate unexpected failures, verify,
 * log. Every log line carries the hook, the target and the backend.
 */
final class HookInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(HookInvoker.class);

    private final RouteTable routes;
    private final ResultVerifier verifier;
    private final Clock clock;

    HookInvoker(RouteTable routes, ResultVerifier verifier, Clock clock) {
        this.routes = routes;
        this.verifier = verifier;
        this.clock = clock;
    }

    <Q extends HookRequest, R extends HookResult> Outcome<R> invoke(Hook<Q, R> hook, Q request) {
        Route route = routes.route(hook);
        if (route.reason() == RouteReason.NONE || route.backend().isEmpty()) {
            LOG.warn("hook={} target=pid:{} backend=none refused: {}", hook, request.pid(), route.explanation());
            throw new HookNotClaimedException(hook.id(), route.explanation());
        }
        Backend backend = route.backend().get();
        HookHandler<Q, R> handler = backend.handlers().find(hook).orElseThrow(
                () -> new IllegalStateException("route of " + hook + " names " + backend.name() + " without a handler"));
        Instant start = clock.instant();
        try {
            boolean applies = backend.effect() != Effect.PLANS_ONLY;
            CallBaseline before = applies ? CallBaseline.read(hook, request) : null;
            R result = call(backend, hook, handler, request);
            Verification verification;
            if (!applies) {
                verification = Verification.PLANNED;
            } else {
                verifier.verify(hook, request, result, before);
                verification = Verification.VERIFIED;
            }
            Duration elapsed = Duration.between(start, clock.instant());
            Outcome<R> outcome = new Outcome<>(hook.id(), backend.name(), route.reason(), result, verification, elapsed);
            LOG.info("hook={} target=pid:{} backend={} route={} outcome={} verification={} micros={}", hook,
                    request.pid(), backend.name(), route.reason(), describe(outcome), verification,
                    elapsed.toNanos() / 1000);
            return outcome;
        } catch (BatonException e) {
            // INFO, not WARN: the caller receives the typed error; this line is for correlating, not alerting.
            LOG.info("hook={} target=pid:{} backend={} route={} outcome={} error={}", hook, request.pid(),
                    backend.name(), route.reason(), e.kind(), e.getMessage());
            throw e;
        }
    }

    /** "ok", or "failed-threads=2/3" for a scheduler batch that returned with failed threads. */
    private static String describe(Outcome<?> outcome) {
        if (outcome.succeeded() || !(outcome.result() instanceof SchedulerResult scheduler)) {
            return "ok";
        }
        long failed = scheduler.threads().stream().filter(t -> t.outcome() == ThreadOutcome.FAILED).count();
        return "failed-threads=" + failed + "/" + scheduler.threads().size();
    }

    private static <Q extends HookRequest, R extends HookResult> R call(Backend backend, Hook<Q, R> hook,
                                                                       HookHandler<Q, R> handler, Q request) {
        R result;
        try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(backend.loader())) {
            result = handler.handle(request);
        } catch (BatonException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw new HandlerFailedException(backend.name(), "handler '" + backend.name() + "' failed on hook " + hook
                    + " for pid " + request.pid() + ": " + e, e);
        }
        if (result == null) {
            throw new HandlerFailedException(backend.name(), "handler '" + backend.name() + "' returned no result on hook "
                    + hook + " for pid " + request.pid(), null);
        }
        return result;
    }
}
