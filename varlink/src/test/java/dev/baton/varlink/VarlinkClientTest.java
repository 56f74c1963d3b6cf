package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blocking client: calls, streams, pipelining, and clear failures. */
class VarlinkClientTest {

    @TempDir
    Path dir;

    private static ObjectNode params() {
        return JsonNodeFactory.instance.objectNode();
    }

    @Test
    void aMissingSocketIsReportedAsSuch() {
        VarlinkConnectException e = assertThrows(VarlinkConnectException.class,
                () -> VarlinkClient.connect(dir.resolve("absent.sock")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aSocketNobodyListensOnIsReportedAsSuch() throws Exception {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        VarlinkConnectException e = assertThrows(VarlinkConnectException.class, () -> VarlinkClient.connect(stale));
        assertTrue(e.getMessage().contains("nobody listens"), e.getMessage());
    }

    @Test
    void pipelinedCallsAreReceivedInOrderWithErrorsInPlace() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            client.send("dev.baton.test.Add", params().put("a", 1).put("b", 1));
            client.send("dev.baton.test.Nope", params());
            client.send("dev.baton.test.Add", params().put("a", 2).put("b", 2));
            assertEquals(3, client.pendingReplies());
            assertEquals(2, client.receive().orThrow().path("sum").asInt());
            assertEquals(VarlinkErrors.METHOD_NOT_FOUND, client.receive().error());
            assertEquals(4, client.receive().orThrow().path("sum").asInt());
            assertEquals(0, client.pendingReplies());
            assertThrows(IllegalStateException.class, client::receive);
        }
    }

    @Test
    void callMoreReadsTheStreamToItsFinalReply() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            VarlinkReplyStream stream = client.callMore("dev.baton.test.Stream", params().put("count", 4));
            assertThrows(IllegalStateException.class, () -> client.call("org.varlink.service.GetInfo"),
                    "no other exchange while the stream is open");
            List<ObjectNode> replies = stream.readAll();
            assertEquals(List.of(0, 1, 2, 3), replies.stream().map(r -> r.path("index").asInt()).toList());
            assertFalse(stream.hasNext());
            assertEquals("Baton", client.call("org.varlink.service.GetInfo").path("vendor").asText());
        }
    }

    @Test
    void anErrorEndsAStream() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            VarlinkReplyStream stream = client.callMore("dev.baton.test.Stream", params().put("count", "x"));
            assertEquals(VarlinkErrors.INVALID_PARAMETER, assertThrows(VarlinkException.class, stream::next).errorName());
            assertFalse(stream.hasNext());
            assertTrue(client.isOpen());
        }
    }

    @Test
    void closingAStreamEarlyClosesTheConnection() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            VarlinkReplyStream stream = client.callMore("dev.baton.test.Stream", params().put("count", 100));
            stream.next();
            stream.close();
            assertFalse(client.isOpen());
        }
    }

    @Test
    void onewayCallsGetNoReplyAndKeepTheOrder() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            client.oneway("dev.baton.test.Mark", null);
            client.oneway("dev.baton.test.Mark", null);
            assertEquals(2, client.call("dev.baton.test.Marks").path("marks").asInt());
        }
    }

    @Test
    void typedCallsBindRecords() throws Exception {
        record Add(int a, int b) {
        }
        record Sum(long sum) {
        }
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            assertEquals(new Sum(7), client.call("dev.baton.test.Add", new Add(3, 4), Sum.class));
        }
    }

    @Test
    void aReplyThatDoesNotComeInTimeClosesTheClient() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir);
             VarlinkClient client = VarlinkClient.builder(fixture.socket).timeout(Duration.ofMillis(200)).connect()) {
            assertThrows(SocketTimeoutException.class,
                    () -> client.call("dev.baton.test.WaitFor", params().put("gate", "late")));
            assertFalse(client.isOpen(), "a late reply would desynchronize the connection");
            fixture.service.open("late");
        }
    }

    @Test
    void continuesOnACallWithoutMoreIsAProtocolError() throws Exception {
        assertProtocolError("{\"parameters\":{},\"continues\":true}");
    }

    @Test
    void aReplyThatIsNotAnObjectIsAProtocolError() throws Exception {
        assertProtocolError("[]");
    }

    @Test
    void aReplyWithAnUnknownMemberIsAProtocolError() throws Exception {
        assertProtocolError("{\"parameters\":{},\"id\":3}");
    }

    @Test
    void aReplyOverTheSizeLimitIsAProtocolError() throws Exception {
        assertProtocolError("{\"parameters\":{\"x\":\"" + "y".repeat(2048) + "\"}}");
    }

    @Test
    void vendorMembersOfRepliesAreIgnored() throws Exception {
        try (FakeService fake = new FakeService(dir, "{\"parameters\":{\"a\":1},\"org.example\":{}}");
             VarlinkClient client = VarlinkClient.connect(fake.path)) {
            assertEquals(1, client.call("org.example.Get").path("a").asInt());
            assertNull(fake.received.get().get("parameters"), "empty parameters are omitted");
        }
    }

    private void assertProtocolError(String reply) throws Exception {
        try (FakeService fake = new FakeService(dir, reply);
             VarlinkClient client = VarlinkClient.builder(fake.path).maxMessageBytes(1024).connect()) {
            assertThrows(VarlinkProtocolException.class, () -> client.call("org.example.Get"));
            assertFalse(client.isOpen());
        }
    }

    /** A one-shot service that answers the first call with a fixed (possibly broken) reply. */
    private static final class FakeService implements AutoCloseable {
        final Path path;
        final ServerSocketChannel listener;
        final CompletableFuture<com.fasterxml.jackson.databind.JsonNode> received = new CompletableFuture<>();

        FakeService(Path dir, String reply) throws IOException {
            path = dir.resolve("fake.sock");
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(path));
            Thread thread = new Thread(() -> serve(reply), "fake-varlink-service");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve(String reply) {
            try (SocketChannel peer = listener.accept()) {
                ByteBuffer buffer = ByteBuffer.allocate(4096);
                StringBuilder call = new StringBuilder();
                while (call.indexOf("\0") < 0 && peer.read(buffer) > 0) {
                    call.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
                    buffer.clear();
                }
                received.complete(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(call.substring(0, call.indexOf("\0"))));
                peer.write(ByteBuffer.wrap((reply + "\0").getBytes(StandardCharsets.UTF_8)));
                peer.read(ByteBuffer.allocate(1)); // until the client hangs up
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
