package dev.baton.delegation;

import dev.baton.varlink.VarlinkInterface;

/** Names and IDL of the {@code dev.baton.delegation} varlink interface (docs/protocol.md). */
public final class DelegationInterface {
    public static final String NAME = "dev.baton.delegation";
    public static final String IDL = VarlinkInterface.idlResource(DelegationInterface.class, NAME + ".varlink");

    public static final String NEGOTIATE = NAME + ".Negotiate";
    public static final String SET_MAX_MEMLOCK = NAME + ".SetMaxMemLock";
    public static final String SET_SCHEDULER = NAME + ".SetScheduler";
    public static final String MOVE_THREADS = NAME + ".MoveThreads";
    public static final String INSPECT_PROCESS = NAME + ".InspectProcess";

    public static final String API_VERSION_MISMATCH = NAME + ".ApiVersionMismatch";
    public static final String NOT_AUTHORIZED = NAME + ".NotAuthorized";
    public static final String NO_SUCH_PROCESS = NAME + ".NoSuchProcess";
    public static final String PERMISSION_DENIED = NAME + ".PermissionDenied";
    public static final String OPERATION_FAILED = NAME + ".OperationFailed";
    public static final String VERIFICATION_FAILED = NAME + ".VerificationFailed";

    private DelegationInterface() {}
}
