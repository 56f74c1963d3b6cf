package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A raw AF_UNIX peer for protocol tests: sends arbitrary bytes (valid or not) and reads NUL-terminated frames,
 * with a generous timeout that only guards against hanging the build, never measures anything.
 */
final class RawPeer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long GUARD_MILLIS = 30_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    RawPeer(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    RawPeer sendBytes(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.currentTimeMillis() + GUARD_MILLIS;
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.currentTimeMillis() > deadline) {
                    fail("the server stopped reading and did not close the connection");
                }
                Thread.onSpinWait();
            }
        }
        return this;
    }

    /** Sends what the server accepts of {@code bytes}; a server closing the connection midway is expected. */
    RawPeer sendUntilClosed(byte[] bytes) {
        try {
            sendBytes(bytes);
        } catch (IOException closedByServer) {
            // EPIPE or ECONNRESET: the server hung up, which is what the caller tests for
        }
        return this;
    }

    RawPeer send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the text plus the NUL terminator. */
    RawPeer sendMessage(String json) throws IOException {
        return send(json + "\0");
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** The next frame as JSON; null at end of stream. */
    JsonNode readMessage() throws IOException {
        String frame = readFrame();
        return frame == null ? null : MAPPER.readTree(frame);
    }

    /** Asserts that the server closes the connection without sending anything (more). */
    void assertClosedByServer() throws IOException {
        try {
            assertNull(readFrame(), "expected the server to close the connection without a reply");
        } catch (IOException reset) {
            // ECONNRESET is as closed as EOF
        }
    }

    String readFrame() throws IOException {
        long deadline = System.currentTimeMillis() + GUARD_MILLIS;
        while (true) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == 0) {
                    buffer.compact();
                    String frame = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    return frame;
                }
                partial.write(b);
            }
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    fail("no frame and no EOF from the server within the guard time");
                }
                selector.select(left);
                selector.selectedKeys().clear();
            }
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
