package dev.baton.plugins.remote;

import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.Wire;
import dev.baton.varlink.VarlinkClient;
import dev.baton.varlink.VarlinkException;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * One connection to batond on which Negotiate has succeeded. Not thread-safe, like the {@link VarlinkClient}
 * under it: the protocol matches replies to calls by order alone, so {@link ConnectionPool} lends a connection to
 * one thread at a time.
 */
final class BatondConnection implements AutoCloseable {
    private final VarlinkClient client;
    private final Wire.NegotiateReply negotiated;
    private int completedCalls;

    private BatondConnection(VarlinkClient client, Wire.NegotiateReply negotiated) {
        this.client = requireNonNull(client, "client is null");
        this.negotiated = requireNonNull(negotiated, "negotiated is null");
    }

    /**
     * Connects and negotiates. The connection is closed again if Negotiate fails or the daemon does not implement
     * the version calls will carry.
     *
     * @throws IOException      batond is not reachable, or the connection broke
     * @throws VarlinkException batond answered Negotiate with an error
     */
    static BatondConnection open(RemoteHandlerSettings settings, ApiVersionAgreement agreement)
            throws IOException, VarlinkException {
        // connect(2) on a Unix socket does not wait on Linux, so the connect timeout bounds the whole handshake:
        // connecting and the Negotiate reply. A daemon that cannot even negotiate in time is treated as down.
        VarlinkClient client = VarlinkClient.builder(settings.socket()).timeout(settings.connectTimeout()).connect();
        try {
            Wire.NegotiateReply reply;
            try {
                reply = client.call(DelegationInterface.NEGOTIATE, agreement.negotiateParams(), Wire.NegotiateReply.class);
            } catch (java.net.SocketTimeoutException e) {
                throw new HandshakeTimeoutException(e);
            }
            agreement.check(reply);
            client.timeout(settings.callTimeout());
            return new BatondConnection(client, reply);
        } catch (IOException | VarlinkException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** What batond said at Negotiate: its name, its versions and the hooks it offers. */
    Wire.NegotiateReply negotiated() {
        return negotiated;
    }

    <T extends Record> T call(String method, Record parameters, Class<T> replyType)
            throws IOException, VarlinkException {
        try {
            T reply = client.call(method, parameters, replyType);
            completedCalls++;
            return reply;
        } catch (VarlinkException e) {
            completedCalls++;
            throw e;
        }
    }

    /** True if a call already completed here, i.e. the connection came from the pool rather than fresh. */
    boolean wasUsedBefore() {
        return completedCalls > 0;
    }

    /** False once a transport failure closed the connection; a closed connection is never lent again. */
    boolean isOpen() {
        return client.isOpen();
    }

    @Override
    public void close() {
        client.close();
    }
}
