package dev.baton.batond.policy;

/** The policy file is missing or invalid; the message names the file, the place and the fix. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
