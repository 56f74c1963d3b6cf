package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking varlink client over one AF_UNIX connection, on the JDK alone (no Netty), cheap enough for plugins.
 *
 * <p><b>Not thread-safe.</b> The protocol matches replies to calls by order only, so a whole exchange (a call and
 * its reply, a {@link #callMore} stream read to its end, a {@link #send}/{@link #receive} batch) must not
 * interleave with another. Use one client per thread, or guard a shared one with your own lock around each
 * whole exchange.
 *
 * <p>Errors: an error reply throws {@link VarlinkException} and leaves the connection usable. Transport problems
 * throw {@link IOException}: {@link VarlinkConnectException} when connecting fails,
 * {@link SocketTimeoutException} when no reply came within the timeout, {@link VarlinkProtocolException} for a
 * malformed reply, {@link EOFException} when the service closed the connection. After any IOException the
 * client is closed, since the position in the reply stream is no longer known.
 */
public final class VarlinkClient implements AutoCloseable {

    private final ClientTransport transport;
    private final VarlinkJson json;
    private int pendingReplies;
    private VarlinkReplyStream openStream;
    private IOException writeFailure;
    private boolean closed;

    private VarlinkClient(ClientTransport transport, VarlinkJson json) {
        this.transport = transport;
        this.json = json;
    }

    /** Connects with the defaults: 30 s timeout per reply, replies up to 16 MiB. */
    public static VarlinkClient connect(Path socket) throws IOException {
        return builder(socket).connect();
    }

    public static Builder builder(Path socket) {
        return new Builder(socket);
    }

    /** Sets how long each later reply may take; a client can use a short timeout for a handshake, then widen it. */
    public void timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        transport.timeout(timeout);
    }

    /** Calls a method and waits for its single reply. */
    public ObjectNode call(String method, ObjectNode parameters) throws IOException, VarlinkException {
        requireIdle();
        transmit(json.writeCall(method, parameters, false, false), true);
        pendingReplies++;
        return receive().orThrow();
    }

    public ObjectNode call(String method) throws IOException, VarlinkException {
        return call(method, null);
    }

    /** Calls with record parameters and binds the reply to a record (unknown reply fields are ignored). */
    public <T extends Record> T call(String method, Record parameters, Class<T> replyType)
            throws IOException, VarlinkException {
        ObjectNode reply = call(method, parameters == null ? null : VarlinkBinding.toParameters(parameters));
        try {
            return VarlinkBinding.fromReply(reply, replyType);
        } catch (VarlinkException e) {
            throw new VarlinkProtocolException("reply of " + method + " does not match "
                    + replyType.getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Calls with {@code more}: the service may send several replies. Read the stream to its end before the next
     * exchange; closing it early closes the connection, the protocol's only way to stop a stream.
     */
    public VarlinkReplyStream callMore(String method, ObjectNode parameters) throws IOException {
        requireIdle();
        transmit(json.writeCall(method, parameters, false, true), true);
        openStream = new VarlinkReplyStream(this);
        return openStream;
    }

    /** Calls with {@code oneway}: the service sends no reply, not even an error. */
    public void oneway(String method, ObjectNode parameters) throws IOException {
        requireOpen();
        transmit(json.writeCall(method, parameters, true, false), false);
    }

    /**
     * Pipelining: sends a call without waiting. Each {@code send} is answered by one {@link #receive()}, in
     * order; N calls may be sent before the first reply is read.
     */
    public void send(String method, ObjectNode parameters) throws IOException {
        requireOpen();
        if (openStream != null) {
            throw new IllegalStateException("a callMore stream is still open");
        }
        transmit(json.writeCall(method, parameters, false, false), true);
        pendingReplies++;
    }

    /** The reply to the oldest call sent with {@link #send}; an error reply is returned, not thrown. */
    public VarlinkReply receive() throws IOException {
        if (pendingReplies == 0) {
            throw new IllegalStateException("no call is waiting for a reply");
        }
        VarlinkReply reply = readReply();
        if (reply.continues()) {
            throw protocolFailure("reply with 'continues' to a call without 'more'");
        }
        pendingReplies--;
        return reply;
    }

    /** Calls sent with {@link #send} whose reply was not received yet. */
    public int pendingReplies() {
        return pendingReplies;
    }

    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                transport.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    VarlinkReply readReply() throws IOException {
        requireOpen();
        byte[] frame;
        try {
            frame = transport.readFrame();
        } catch (IOException e) {
            close();
            throw e;
        }
        if (frame == null) {
            close();
            throw writeFailure != null ? writeFailure : new EOFException("the service closed the connection");
        }
        try {
            return json.parseReply(frame);
        } catch (VarlinkProtocolException e) {
            close();
            throw e;
        }
    }

    void streamFinished(VarlinkReplyStream stream) {
        if (openStream == stream) {
            openStream = null;
        }
    }

    VarlinkProtocolException protocolFailure(String message) {
        close();
        return new VarlinkProtocolException(message);
    }

    private void transmit(byte[] message, boolean replyExpected) throws IOException {
        if (writeFailure != null) {
            close();
            throw writeFailure;
        }
        try {
            transport.write(message);
        } catch (SocketTimeoutException e) {
            close();
            throw e;
        } catch (IOException e) {
            if (!replyExpected) {
                close();
                throw e;
            }
            // The service may have answered before closing, e.g. refusing the connection over a limit: that
            // answer is still readable, and says more than "broken pipe". The read side reports this failure
            // if nothing is there.
            writeFailure = e;
        }
    }

    private void requireIdle() {
        requireOpen();
        if (pendingReplies > 0 || openStream != null) {
            throw new IllegalStateException("receive the pending replies (or finish the stream) first");
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("client is closed");
        }
    }

    /** Options of a {@link VarlinkClient}. */
    public static final class Builder {
        private final Path socket;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxMessageBytes = 16 << 20;

        private Builder(Path socket) {
            this.socket = Objects.requireNonNull(socket);
        }

        /** How long to wait for each reply (and to send each call); ZERO waits forever. Default 30 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("negative timeout");
            }
            this.timeout = timeout;
            return this;
        }

        /** Largest reply accepted; a larger one is a protocol error. Default 16 MiB. */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        public VarlinkClient connect() throws IOException {
            return new VarlinkClient(ClientTransport.connect(socket, timeout, maxMessageBytes),
                    new VarlinkJson(maxMessageBytes));
        }
    }
}
