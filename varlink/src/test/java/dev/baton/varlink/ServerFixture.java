package dev.baton.varlink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A server hosting {@link TestService} on a socket in a temporary directory, for one test. */
final class ServerFixture implements AutoCloseable {

    final TestService service = new TestService();
    final Path socket;
    final VarlinkServer server;

    ServerFixture(Path directory) throws IOException {
        this(directory, b -> b);
    }

    ServerFixture(Path directory, UnaryOperator<VarlinkServerBuilder> customize) throws IOException {
        socket = directory.resolve("test.sock");
        server = customize.apply(VarlinkServer.builder()
                        .socketPath(socket)
                        .service(service.build())
                        .info("Baton", "varlink tests", "1", "https://example.invalid/baton")
                        .shutdownGrace(Duration.ofSeconds(5)))
                .build()
                .start();
    }

    VarlinkClient client() throws IOException {
        return VarlinkClient.builder(socket).timeout(Duration.ofSeconds(30)).connect();
    }

    RawPeer raw() throws IOException {
        return new RawPeer(socket);
    }

    @Override
    public void close() {
        server.close();
    }
}
