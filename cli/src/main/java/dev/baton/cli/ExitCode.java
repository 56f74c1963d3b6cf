package dev.baton.cli;

import dev.baton.core.StartupException;
import dev.baton.spi.error.BatonException;

/** The exit codes of {@code baton}, documented in docs/cli.md. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_AUTHORIZED = 3;
    public static final int NO_SUCH_PROCESS = 4;
    public static final int PERMISSION_DENIED = 5;
    public static final int VERIFICATION_FAILED = 6;
    public static final int INVALID_REQUEST = 7;
    public static final int STARTUP = 8;
    /** A scheduler batch in which some threads failed and the others were changed: see {@link BatchFailure}. */
    public static final int SOME_THREADS_FAILED = 9;

    private ExitCode() {}

    public static int of(RuntimeException e) {
        if (e instanceof StartupException) {
            return STARTUP;
        }
        if (!(e instanceof BatonException baton)) {
            return FAILED;
        }
        return switch (baton.kind()) {
            case "NotAuthorized" -> NOT_AUTHORIZED;
            case "NoSuchProcess" -> NO_SUCH_PROCESS;
            case "PermissionDenied" -> PERMISSION_DENIED;
            case "VerificationFailed" -> VERIFICATION_FAILED;
            case "InvalidRequest" -> INVALID_REQUEST;
            // HookNotClaimed is raised by a call, but its cause is fixed at startup: no route for the hook.
            case "UnsupportedApiVersion", "HookNotClaimed" -> STARTUP;
            default -> FAILED;
        };
    }
}
