package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/**
 * The root of Baton's typed errors. Every message is meant for a person: it names the operation, the target and
 * what to do about it, so that callers can print {@link #getMessage()} and nothing else.
 */
@Unstable
public abstract class BatonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected BatonException(String message) {
        super(message);
    }

    protected BatonException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A short stable name for the error kind, used in JSON output and in the audit log. */
    public abstract String kind();
}
