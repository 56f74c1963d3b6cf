package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** A privileged backend (batond) refused the call under its policy. The reason names the rule. */
@Unstable
public final class NotAuthorizedException extends BatonException {
    private static final long serialVersionUID = 1L;

    public NotAuthorizedException(String reason) {
        super("not authorized: " + reason);
    }

    @Override
    public String kind() {
        return "NotAuthorized";
    }
}
