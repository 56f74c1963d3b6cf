package dev.baton.batond.auth;

import dev.baton.batond.policy.ClientRule;
import dev.baton.linux.PinnedProcess;

/**
 * A granted call: the rule that allowed it and the target, pinned from the authorization until after the action.
 * Checking {@link #ensureTargetUnchanged()} after acting proves the action hit the authorized process: a pinned
 * process that is still alive cannot have been replaced.
 */
public record Authorization(ClientRule rule, PinnedProcess target) implements AutoCloseable {
    public void ensureTargetUnchanged() {
        target.ensureStillSame();
    }

    @Override
    public void close() {
        target.close();
    }
}
