package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A varlink error: a fully-qualified error name plus its parameters object.
 *
 * <p>Services throw it to send an error reply; {@link VarlinkClient} throws it when the service replied with an
 * error. It is checked on purpose: an error reply is an expected outcome of a call that callers must handle,
 * unlike transport failures, which are {@link java.io.IOException}s.
 */
public class VarlinkException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String errorName;
    private final transient ObjectNode parameters;

    public VarlinkException(String errorName, ObjectNode parameters) {
        super(errorName + (parameters == null || parameters.isEmpty() ? "" : " " + parameters));
        this.errorName = Objects.requireNonNull(errorName, "errorName");
        this.parameters = parameters == null ? JsonNodeFactory.instance.objectNode() : parameters.deepCopy();
    }

    public VarlinkException(String errorName) {
        this(errorName, null);
    }

    /** The fully-qualified error name, e.g. {@code org.varlink.service.InvalidParameter}. */
    public String errorName() {
        return errorName;
    }

    /** The error's parameters; empty, never null. A copy, so callers may modify it. */
    public ObjectNode parameters() {
        return parameters.deepCopy();
    }

    /** True if this is the error with the given fully-qualified name. */
    public boolean is(String qualifiedName) {
        return errorName.equals(qualifiedName);
    }

    public static VarlinkException interfaceNotFound(String interfaceName) {
        return withString(VarlinkErrors.INTERFACE_NOT_FOUND, "interface", interfaceName);
    }

    public static VarlinkException methodNotFound(String qualifiedMethod) {
        return withString(VarlinkErrors.METHOD_NOT_FOUND, "method", qualifiedMethod);
    }

    public static VarlinkException methodNotImplemented(String qualifiedMethod) {
        return withString(VarlinkErrors.METHOD_NOT_IMPLEMENTED, "method", qualifiedMethod);
    }

    public static VarlinkException invalidParameter(String parameter) {
        return withString(VarlinkErrors.INVALID_PARAMETER, "parameter", parameter);
    }

    public static VarlinkException permissionDenied() {
        return new VarlinkException(VarlinkErrors.PERMISSION_DENIED);
    }

    public static VarlinkException expectedMore() {
        return new VarlinkException(VarlinkErrors.EXPECTED_MORE);
    }

    private static VarlinkException withString(String name, String field, String value) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put(field, value);
        return new VarlinkException(name, p);
    }
}
