package dev.baton.delegation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.spi.error.HookNotClaimedException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.varlink.VarlinkErrors;
import dev.baton.varlink.VarlinkException;

import java.util.HashSet;
import java.util.Set;

/**
 * Maps the SPI's typed errors to the interface's varlink errors and back. The message travels along in
 * "message"/"reason" so that the client shows the daemon's exact words.
 */
public final class WireErrors {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WireErrors() {}

    /** batond side: the varlink error for a typed failure. */
    public static VarlinkException toVarlink(BatonException e) {
        ObjectNode p = NODES.objectNode();
        if (e instanceof UnsupportedApiVersionException v) {
            p.put("requested", v.requested());
            ArrayNode supported = p.putArray("supported");
            v.supported().stream().sorted().forEach(supported::add);
            return new VarlinkException(DelegationInterface.API_VERSION_MISMATCH, p);
        }
        if (e instanceof NotAuthorizedException) {
            p.put("reason", e.getMessage().substring("not authorized: ".length()));
            return new VarlinkException(DelegationInterface.NOT_AUTHORIZED, p);
        }
        if (e instanceof NoSuchProcessException n) {
            p.put("pid", n.pid());
            p.put("message", n.getMessage());
            return new VarlinkException(DelegationInterface.NO_SUCH_PROCESS, p);
        }
        if (e instanceof PermissionDeniedException d) {
            d.capability().ifPresent(c -> p.put("capability", c));
            p.put("message", d.getMessage());
            return new VarlinkException(DelegationInterface.PERMISSION_DENIED, p);
        }
        if (e instanceof VerificationFailedException v) {
            p.put("expected", v.expected());
            p.put("actual", v.actual());
            p.put("message", v.getMessage());
            return new VarlinkException(DelegationInterface.VERIFICATION_FAILED, p);
        }
        if (e instanceof InvalidRequestException i) {
            p.put("parameter", i.field());
            p.put("message", i.getMessage());
            return new VarlinkException(VarlinkErrors.INVALID_PARAMETER, p);
        }
        int errno = e instanceof OperationFailedException o ? o.errno() : 0;
        p.put("errno", errno);
        p.put("message", e.getMessage());
        return new VarlinkException(DelegationInterface.OPERATION_FAILED, p);
    }

    /**
     * remote-handler side: the typed failure for a varlink error. Unknown errors (a newer daemon) become
     * {@link HandlerFailedException} naming the error, never a silent success.
     */
    public static BatonException toBaton(VarlinkException e, String backend) {
        ObjectNode p = e.parameters() == null ? NODES.objectNode() : e.parameters();
        String message = text(p, "message");
        switch (e.errorName()) {
            case DelegationInterface.API_VERSION_MISMATCH -> {
                Set<Integer> supported = new HashSet<>();
                p.path("supported").forEach(v -> supported.add(v.asInt()));
                return UnsupportedApiVersionException.of("batond", p.path("requested").asInt(), supported);
            }
            case DelegationInterface.NOT_AUTHORIZED -> {
                return new NotAuthorizedException(text(p, "reason"));
            }
            case DelegationInterface.NO_SUCH_PROCESS -> {
                int pid = p.path("pid").asInt();
                return message.isEmpty() ? new NoSuchProcessException(pid) : new NoSuchProcessException(pid, message);
            }
            case DelegationInterface.PERMISSION_DENIED -> {
                return new PermissionDeniedException(p.hasNonNull("capability") ? text(p, "capability") : null, message);
            }
            case DelegationInterface.VERIFICATION_FAILED -> {
                return new VerifiedElsewhere(text(p, "expected"), text(p, "actual"), message).exception();
            }
            case DelegationInterface.OPERATION_FAILED -> {
                return new OperationFailedException(p.path("errno").asInt(), message);
            }
            case VarlinkErrors.INVALID_PARAMETER -> {
                String parameter = text(p, "parameter");
                return message.startsWith("invalid request: ")
                        ? new InvalidRequestException(parameter, message.substring(("invalid request: " + parameter + " ").length()))
                        : new InvalidRequestException(parameter, "was rejected by batond");
            }
            default -> {
                return new HandlerFailedException(backend, backend + ": batond answered " + e.errorName() + " " + p, e);
            }
        }
    }

    private static String text(ObjectNode p, String field) {
        JsonNode node = p.get(field);
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** Rebuilds the daemon's VerificationFailedException without changing its wording. */
    private record VerifiedElsewhere(String expected, String actual, String message) {
        VerificationFailedException exception() {
            return new VerificationFailedException(whatOf(message, expected, actual), expected, actual);
        }

        /** The daemon's message is "verification failed: WHAT: expected E, actual A"; recover WHAT. */
        private static String whatOf(String message, String expected, String actual) {
            String prefix = "verification failed: ";
            String suffix = ": expected " + expected + ", actual " + actual;
            if (message.startsWith(prefix) && message.endsWith(suffix)) {
                return message.substring(prefix.length(), message.length() - suffix.length());
            }
            return "batond";
        }
    }
}
