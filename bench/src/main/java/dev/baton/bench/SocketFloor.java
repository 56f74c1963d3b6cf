package dev.baton.bench;

import dev.baton.varlink.VarlinkClient;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The floors under a remote call, measured in the same run: a one-byte ping-pong over AF_UNIX between two threads
 * (two wake-ups, no work: what any socket protocol pays), and varlink's GetInfo through batond (the same plus
 * framing, JSON and the server's hand-off to a worker, but no authorization, audit or syscall on a target).
 */
final class SocketFloor {
    private SocketFloor() {}

    static Latency pingPong(Path dir, int rounds) throws IOException, InterruptedException {
        Path path = dir.resolve("ping.sock");
        Latency latency = new Latency();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            Thread echo = new Thread(() -> echo(server), "bench-echo");
            echo.setDaemon(true);
            echo.start();
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(1);
                for (int i = 0; i < rounds; i++) {
                    long start = System.nanoTime();
                    buffer.clear().put((byte) 1).flip();
                    client.write(buffer);
                    buffer.clear();
                    client.read(buffer);
                    latency.record(start, System.nanoTime());
                }
            }
            echo.join(5_000);
        } finally {
            Files.deleteIfExists(path);
        }
        return latency;
    }

    private static void echo(ServerSocketChannel server) {
        try (SocketChannel peer = server.accept()) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1);
            while (peer.read(buffer.clear()) > 0) {
                peer.write(buffer.flip());
            }
        } catch (IOException e) {
            // the client closed: the measurement is over
        }
    }

    static Latency getInfo(Path socket, int rounds) throws Exception {
        Latency latency = new Latency();
        try (VarlinkClient client = VarlinkClient.connect(socket)) {
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                client.call("org.varlink.service.GetInfo", null);
                latency.record(start, System.nanoTime());
            }
        }
        return latency;
    }
}
