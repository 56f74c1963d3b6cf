package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.linux.PinnedProcess;
import dev.baton.spi.hook.HookRequest;

import java.util.Optional;

/**
 * A granted call: the rule that allowed it, the target pinned from the authorization until after the action, the
 * lock on the limit it was counted against (if any), and the request as batond performs it: pinned to the start
 * time of the process that was authorized, so that a process that took over the pid meanwhile is refused by
 * local-root before anything is done to it.
 *
 * <p>Checking {@link #ensureTargetUnchanged()} after acting proves the action hit the authorized process: a pinned
 * process that is still alive cannot have been replaced.
 */
public final class Authorization<Q extends HookRequest> implements AutoCloseable {
    private final ClientRule rule;
    private final PinnedProcess target;
    private final Q request;
    private final Optional<LimitLocks.Held> limitLock;

    Authorization(ClientRule rule, PinnedProcess target, Q request, Optional<LimitLocks.Held> limitLock) {
        this.rule = rule;
        this.target = target;
        this.request = request;
        this.limitLock = limitLock;
    }

    public ClientRule rule() {
        return rule;
    }

    public PinnedProcess target() {
        return target;
    }

    /** What batond performs: the caller's request, pinned and constrained by the policy. */
    public Q request() {
        return request;
    }

    public void ensureTargetUnchanged() {
        target.ensureStillSame();
    }

    @Override
    public void close() {
        try {
            limitLock.ifPresent(LimitLocks.Held::close);
        } finally {
            target.close();
        }
    }
}
