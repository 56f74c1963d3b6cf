package dev.baton.core;

/**
 * Baton cannot start as configured: a duplicate plugin, a route to a plugin that is missing, incompatible or
 * broken, or a malformed configuration file. The message says which and what to change.
 */
public final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
