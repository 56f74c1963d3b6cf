package dev.baton.varlink;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * NUL-framed messages over a JDK AF_UNIX {@link SocketChannel}. The channel is non-blocking behind a selector
 * because that is the only way the JDK offers timeouts on Unix-domain channels.
 */
final class ClientTransport implements Closeable {

    private final SocketChannel channel;
    private final Selector selector;
    private volatile Duration timeout;
    private final int maxMessageBytes;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip(); // kept in read mode
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    private ClientTransport(SocketChannel channel, Selector selector, Duration timeout, int maxMessageBytes) {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Changes the timeout for later waits, e.g. a short one for a handshake and a longer one for calls. */
    void timeout(Duration timeout) {
        this.timeout = timeout;
    }

    static ClientTransport connect(Path path, Duration timeout, int maxMessageBytes) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            ClientTransport transport = new ClientTransport(channel, selector, timeout, maxMessageBytes);
            if (!channel.connect(UnixDomainSocketAddress.of(path))) {
                // Only when the listen backlog is full: the service accepts too slowly.
                transport.await(SelectionKey.OP_CONNECT, deadline(timeout), "connecting to " + path);
                channel.finishConnect();
            }
            return transport;
        } catch (IOException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw explain(path, e);
        }
    }

    private static IOException explain(Path path, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return e;
        }
        if (!Files.exists(path)) {
            return new VarlinkConnectException("varlink socket " + path + " does not exist (is the service running?)", e);
        }
        if (e instanceof ConnectException) {
            return new VarlinkConnectException("nobody listens on varlink socket " + path
                    + " (stale socket file?): " + e.getMessage(), e);
        }
        return new VarlinkConnectException("cannot connect to varlink socket " + path + ": " + e.getMessage(), e);
    }

    void write(byte[] message) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(message.length + 1).put(message).put((byte) 0).flip();
        long deadline = deadline(timeout);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                await(SelectionKey.OP_WRITE, deadline, "sending a call");
            }
        }
    }

    /** The next message without its NUL; null at a clean end of stream. */
    byte[] readFrame() throws IOException {
        long deadline = deadline(timeout);
        while (true) {
            byte[] frame = takeFrame();
            if (frame != null) {
                return frame;
            }
            in.compact();
            int n;
            try {
                n = channel.read(in);
            } finally {
                in.flip();
            }
            if (n < 0) {
                if (partial.size() > 0) {
                    throw new VarlinkProtocolException("connection closed in the middle of a message");
                }
                return null;
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, deadline, "waiting for a reply");
            }
        }
    }

    private byte[] takeFrame() throws VarlinkProtocolException {
        byte[] buffer = in.array();
        int start = in.position();
        for (int i = start; i < in.limit(); i++) {
            if (buffer[i] == 0) {
                append(buffer, start, i - start);
                in.position(i + 1);
                byte[] frame = partial.toByteArray();
                partial.reset();
                return frame;
            }
        }
        append(buffer, start, in.limit() - start);
        in.position(in.limit());
        return null;
    }

    private void append(byte[] buffer, int offset, int length) throws VarlinkProtocolException {
        if (partial.size() + length > maxMessageBytes) {
            throw new VarlinkProtocolException("reply exceeds " + maxMessageBytes + " bytes");
        }
        partial.write(buffer, offset, length);
    }

    private void await(int operation, long deadline, String what) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        try {
            while (true) {
                long left = deadline == Long.MAX_VALUE ? 0 : (deadline - System.nanoTime()) / 1_000_000;
                if (deadline != Long.MAX_VALUE && left <= 0) {
                    throw new SocketTimeoutException("timed out after " + timeout + " " + what);
                }
                if (selector.select(left) > 0) {
                    selector.selectedKeys().clear();
                    return;
                }
            }
        } finally {
            key.interestOps(0);
        }
    }

    private static long deadline(Duration timeout) {
        return timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
