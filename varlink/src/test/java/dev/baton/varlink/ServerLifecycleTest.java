package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding, socket files, inherited fds and graceful shutdown. */
class ServerLifecycleTest {

    @TempDir
    Path dir;

    private static ObjectNode gate(String name) {
        return JsonNodeFactory.instance.objectNode().put("gate", name);
    }

    @Test
    void shutdownStopsAcceptingButLetsReceivedCallsFinish() throws Exception {
        ServerFixture fixture = new ServerFixture(dir);
        try (RawPeer busy = fixture.raw()) {
            // Both calls in one write, so the server reads them in one batch: drain runs on the event loop after
            // that batch, and so always finds the second call received. (Two writes could let shutdown stop
            // reading between them, and an unread call is not one the server "received".)
            busy.send("{\"method\":\"dev.baton.test.WaitFor\",\"parameters\":{\"gate\":\"g\"}}\0"
                    + "{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":1}}\0");
            fixture.service.awaitArrival("g");

            CompletableFuture<Boolean> shutdown = CompletableFuture.supplyAsync(() -> {
                try {
                    return fixture.server.shutdown(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitGone(fixture.socket);
            assertThrows(VarlinkConnectException.class, fixture::client, "no new connections during shutdown");
            assertFalse(shutdown.isDone(), "a call is still running");

            fixture.service.open("g");
            assertFalse(busy.readMessage().has("error"), "the running call completes");
            assertEquals(2, busy.readMessage().path("parameters").path("sum").asInt(),
                    "and so does the one queued behind it");
            busy.assertClosedByServer(); // then the connection is closed
            assertTrue(shutdown.get(30, TimeUnit.SECONDS), "all connections finished within the grace period");
        }
    }

    @Test
    void callsOutlivingTheGracePeriodAreCutOff() throws Exception {
        ServerFixture fixture = new ServerFixture(dir);
        try (VarlinkClient stuck = fixture.client()) {
            stuck.send("dev.baton.test.WaitFor", gate("never"));
            fixture.service.awaitArrival("never");
            assertFalse(fixture.server.shutdown(Duration.ofMillis(100)), "the call did not finish in time");
            assertThrows(IOException.class, stuck::receive, "its connection was closed instead");
        }
    }

    @Test
    void idleConnectionsAreClosedAtShutdown() throws Exception {
        ServerFixture fixture = new ServerFixture(dir);
        try (RawPeer idle = fixture.raw()) {
            assertTrue(fixture.server.shutdown(Duration.ofSeconds(30)));
            idle.assertClosedByServer();
        }
    }

    @Test
    void theSocketFileGetsTheConfiguredModeAndIsRemovedAtShutdown() throws Exception {
        ServerFixture fixture = new ServerFixture(dir, b -> b.socketMode("rw-rw----"));
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(fixture.socket));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary binding name is left behind");
        }
        fixture.close();
        assertFalse(Files.exists(fixture.socket));
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path socket = dir.resolve("test.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a crash would
        }
        assertTrue(Files.exists(socket));
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            assertEquals("Baton", client.call("org.varlink.service.GetInfo").path("vendor").asText());
        }
    }

    @Test
    void aLiveSocketIsNotStolen() throws Exception {
        try (ServerFixture first = new ServerFixture(dir)) {
            IOException e = assertThrows(IOException.class, () -> new ServerFixture(dir));
            assertTrue(e.getMessage().contains("another server"), e.getMessage());
            try (VarlinkClient client = first.client()) {
                client.call("org.varlink.service.GetInfo");
            }
        }
    }

    @Test
    void aFileThatIsNotASocketIsNeverDeleted() throws Exception {
        Files.writeString(dir.resolve("test.sock"), "precious");
        assertThrows(FileAlreadyExistsException.class, () -> new ServerFixture(dir));
        assertEquals("precious", Files.readString(dir.resolve("test.sock")));
    }

    @Test
    void anInheritedListeningFdIsServed() throws Exception {
        Epoll.ensureAvailability();
        Path path = dir.resolve("activated.sock");
        // What systemd would pass as fd 3: a bound, listening AF_UNIX socket.
        Socket listening = Socket.newSocketDomain();
        listening.bind(new DomainSocketAddress(path.toString()));
        listening.listen(16);
        VarlinkServer server = VarlinkServer.builder()
                .listenFd(listening.intValue())
                .service(new TestService().build())
                .build()
                .start();
        try (VarlinkClient client = VarlinkClient.connect(path)) {
            assertEquals(5, client.call("dev.baton.test.Add",
                    JsonNodeFactory.instance.objectNode().put("a", 2).put("b", 3)).path("sum").asInt());
        } finally {
            server.close();
        }
    }

    @Test
    void misconfiguredServicesAreRefusedAtBuildTime() {
        VarlinkInterface test = new TestService().build();
        assertThrows(IllegalArgumentException.class, () -> VarlinkServer.builder().socketPath(dir.resolve("s"))
                .service(test).service(new TestService().build()).build(), "an interface hosted twice");
        VarlinkInterface fakeServiceInterface = VarlinkInterface.builder(ServiceInterface.IDL).build();
        assertThrows(IllegalArgumentException.class, () -> VarlinkServer.builder().socketPath(dir.resolve("s"))
                .service(fakeServiceInterface).build(), "org.varlink.service is built in");
        assertThrows(IllegalArgumentException.class, () -> VarlinkInterface.builder(TestService.IDL)
                .method("Ech0", (call, reply) -> { }), "a handler for a method the IDL does not declare");
        assertThrows(IllegalStateException.class, () -> VarlinkServer.builder().service(test).build(),
                "neither path nor fd");
    }

    @Test
    void bindingIntoAMissingDirectoryFailsWithAnIOException() {
        IOException e = assertThrows(IOException.class, () -> new ServerFixture(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    private static void awaitGone(Path socket) throws InterruptedException {
        long guard = System.currentTimeMillis() + 10_000;
        while (Files.exists(socket) && System.currentTimeMillis() < guard) {
            Thread.sleep(5);
        }
        assertFalse(Files.exists(socket), "socket file removed when shutdown begins");
    }
}
