package dev.baton.varlink;

/**
 * Fully-qualified names of the generic errors of the {@code org.varlink.service} interface. Any method of any
 * interface may return them, which is why they live in one place instead of in each service.
 */
public final class VarlinkErrors {

    /** The interface every varlink service implements; its errors are valid replies to any call. */
    public static final String SERVICE_INTERFACE = "org.varlink.service";

    /** Parameter {@code interface}: the requested interface is not served here. */
    public static final String INTERFACE_NOT_FOUND = SERVICE_INTERFACE + ".InterfaceNotFound";
    /** Parameter {@code method}: the interface does not define the method. */
    public static final String METHOD_NOT_FOUND = SERVICE_INTERFACE + ".MethodNotFound";
    /** Parameter {@code method}: the interface defines the method but this service does not implement it. */
    public static final String METHOD_NOT_IMPLEMENTED = SERVICE_INTERFACE + ".MethodNotImplemented";
    /** Parameter {@code parameter}: a parameter is missing, unknown, of the wrong type or out of range. */
    public static final String INVALID_PARAMETER = SERVICE_INTERFACE + ".InvalidParameter";
    /** No parameters: the client may not do this (also sent to connections refused by a connection limit). */
    public static final String PERMISSION_DENIED = SERVICE_INTERFACE + ".PermissionDenied";
    /** No parameters: the method only makes sense with {@code more: true}. */
    public static final String EXPECTED_MORE = SERVICE_INTERFACE + ".ExpectedMore";
    /** No parameters: the method only makes sense with {@code upgrade: true} (never sent by this library). */
    public static final String EXPECTED_UPGRADE = SERVICE_INTERFACE + ".ExpectedUpgrade";

    private VarlinkErrors() {
    }
}
