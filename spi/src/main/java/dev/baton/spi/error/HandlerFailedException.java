package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** A handler failed in a way that is not one of the other typed errors (a bug, an unexpected exception). */
@Unstable
public final class HandlerFailedException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final String backend;

    public HandlerFailedException(String backend, String message, Throwable cause) {
        super(message, cause);
        this.backend = backend;
    }

    public String backend() {
        return backend;
    }

    @Override
    public String kind() {
        return "HandlerFailed";
    }
}
