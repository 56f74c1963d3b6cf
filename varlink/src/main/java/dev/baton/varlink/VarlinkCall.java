package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One method call as received by a service, with the identity of the connection it arrived on. */
public final class VarlinkCall {

    private final String method;
    private final ObjectNode parameters;
    private final boolean oneway;
    private final boolean more;
    private final VarlinkPeer peer;

    VarlinkCall(VarlinkJson.CallHeader header, VarlinkPeer peer) {
        this.method = header.method();
        this.parameters = header.parameters();
        this.oneway = header.oneway();
        this.more = header.more();
        this.peer = peer;
    }

    /** The fully-qualified method name, e.g. {@code org.varlink.service.GetInfo}. */
    public String method() {
        return method;
    }

    /** The interface part of {@link #method()}. */
    public String interfaceName() {
        return method.substring(0, method.lastIndexOf('.'));
    }

    /** The unqualified method name, e.g. {@code GetInfo}. */
    public String methodName() {
        return method.substring(method.lastIndexOf('.') + 1);
    }

    /** The input parameters; empty (never null) when the call had none, or {@code null}. */
    public ObjectNode parameters() {
        return parameters;
    }

    /** The input parameters bound to a record; violations become {@code InvalidParameter}. */
    public <T extends Record> T parameters(Class<T> type) throws VarlinkException {
        return VarlinkBinding.fromParameters(parameters, type);
    }

    /** The client does not want any reply; the replier drops them. */
    public boolean oneway() {
        return oneway;
    }

    /** The client accepts several replies ({@link VarlinkReplier#replyContinues}). */
    public boolean more() {
        return more;
    }

    /** Who connected: kernel credentials and pidfd of the peer, taken at connect time. */
    public VarlinkPeer peer() {
        return peer;
    }

    @Override
    public String toString() {
        return method + (oneway ? " (oneway)" : more ? " (more)" : "") + " from pid " + peer.pid();
    }
}
