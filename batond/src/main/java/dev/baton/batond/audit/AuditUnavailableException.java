package dev.baton.batond.audit;

/** The audit log cannot be written; batond then refuses to act, because an unaudited privileged act is worse. */
public final class AuditUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
