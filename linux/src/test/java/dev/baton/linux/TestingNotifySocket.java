package dev.baton.linux;

import com.sun.jna.LastErrorException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The receiving end of NOTIFY_SOCKET, as systemd would hold it, for tests of readiness notification. */
public final class TestingNotifySocket implements AutoCloseable {
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;

    private final int fd;
    private final Path path;

    private TestingNotifySocket(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    public static TestingNotifySocket bind(Path path) {
        int fd = LibC.socket(UnixAddress.AF_UNIX, SOCK_DGRAM, 0);
        byte[] address = UnixAddress.of(path.toString());
        LibC.bind(fd, address, address.length);
        return new TestingNotifySocket(fd, path);
    }

    public Path path() {
        return path;
    }

    /** The next datagram, waiting up to {@code millis}; empty if none came. */
    public Optional<String> receive(long millis) throws InterruptedException {
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < deadline) {
            try {
                long length = LibC.recv(fd, buffer, buffer.length, MSG_DONTWAIT);
                return Optional.of(new String(buffer, 0, (int) length, StandardCharsets.UTF_8));
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EAGAIN) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() throws Exception {
        LibC.close(fd);
        Files.deleteIfExists(path);
    }
}
