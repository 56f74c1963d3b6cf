package dev.baton.batond.hostile;

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

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw AF_UNIX peer of batond (the test JVM, so uid 0): sends any bytes, reads NUL-terminated frames. The guard
 * time only keeps a broken daemon from hanging the build; nothing is timed.
 */
final class RawConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GUARD_MILLIS = 30_000;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    RawConnection(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        buffer.flip();
    }

    RawConnection sendBytes(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        long deadline = System.currentTimeMillis() + GUARD_MILLIS;
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                if (System.currentTimeMillis() > deadline) {
                    fail("batond stopped reading and did not close the connection");
                }
                Thread.onSpinWait();
            }
        }
        return this;
    }

    /** Sends what batond accepts of {@code bytes}; batond closing the connection midway is expected. */
    RawConnection sendUntilClosed(byte[] bytes) {
        try {
            sendBytes(bytes);
        } catch (IOException closedByServer) {
            // EPIPE or ECONNRESET: batond hung up, which is what the caller tests for
        }
        return this;
    }

    /** The text plus the NUL terminator. */
    RawConnection sendFrame(String json) throws IOException {
        return sendBytes((json + "\0").getBytes(StandardCharsets.UTF_8));
    }

    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** The next reply; null at end of stream. */
    JsonNode readReply() throws IOException {
        String frame = readFrame();
        return frame == null ? null : JSON.readTree(frame);
    }

    /** Asserts that batond closes the connection without sending anything (more). */
    void assertClosedWithoutReply() {
        try {
            assertNull(readFrame(), "expected batond to close the connection without a reply");
        } catch (IOException reset) {
            // ECONNRESET is as closed as EOF
        }
    }

    String readFrame() throws IOException {
        long deadline = System.currentTimeMillis() + GUARD_MILLIS;
        while (true) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == 0) {
                    String frame = partial.toString(StandardCharsets.UTF_8);
                    partial.reset();
                    return frame;
                }
                partial.write(b);
            }
            buffer.clear();
            int n = channel.read(buffer);
            buffer.flip();
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    fail("no frame and no end of stream from batond within the guard time");
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
