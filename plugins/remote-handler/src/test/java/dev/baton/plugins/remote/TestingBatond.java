package dev.baton.plugins.remote;

import dev.baton.varlink.VarlinkServer;
import dev.baton.varlink.VarlinkServerBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

import static java.util.Objects.requireNonNull;

/** A real varlink server on a Unix socket, hosting a {@link TestingDelegationService} in batond's place. */
final class TestingBatond implements AutoCloseable {
    final TestingDelegationService service;
    private final VarlinkServer server;

    private TestingBatond(TestingDelegationService service, VarlinkServer server) {
        this.service = requireNonNull(service, "service is null");
        this.server = requireNonNull(server, "server is null");
    }

    static TestingBatond start(Path socket) throws IOException {
        return start(socket, new TestingDelegationService());
    }

    static TestingBatond start(Path socket, TestingDelegationService service) throws IOException {
        return start(socket, service, builder -> builder);
    }

    static TestingBatond start(Path socket, TestingDelegationService service,
                               UnaryOperator<VarlinkServerBuilder> customize) throws IOException {
        VarlinkServer server = customize.apply(VarlinkServer.builder()
                        .socketPath(socket)
                        .service(service.build())
                        .info("Baton", "testing-batond", "test", "https://example.invalid/baton")
                        .shutdownGrace(Duration.ofSeconds(2)))
                .build()
                .start();
        return new TestingBatond(service, server);
    }

    /** Connections open right now. */
    int connectionCount() {
        return server.connectionCount();
    }

    /** Stops like batond does on SIGTERM: stops accepting, removes the socket, closes idle connections. */
    @Override
    public void close() {
        service.releaseAll();
        server.close();
    }
}
