package dev.baton.spi;

import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;

/**
 * Performs one hook: the Java counterpart of the RFC's {@code virInternalSetMaxMemLockHandler} function pointer.
 *
 * <p>A handler reports what it did in its result; core then re-reads the real state and raises
 * {@link dev.baton.spi.error.VerificationFailedException} if the two disagree. Failures are reported by throwing
 * one of the typed {@link dev.baton.spi.error.BatonException}s.
 */
@Unstable
@FunctionalInterface
public interface HookHandler<Q extends HookRequest, R extends HookResult> {
    R handle(Q request);
}
