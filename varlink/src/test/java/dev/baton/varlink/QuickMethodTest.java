package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quick methods run on the event loop when nothing of their connection is ahead of them, and otherwise wait their
 * turn on the worker like any call: the order of replies and the isolation of peers do not change.
 */
class QuickMethodTest {

    @TempDir
    Path dir;

    private static String call(String method, int index) {
        return "{\"method\":\"dev.baton.test." + method + "\",\"parameters\":{\"index\":" + index + "}}\0";
    }

    @Test
    void aQuickCallWithNothingAheadRunsOnTheEventLoopAndAnOrdinaryOneOnAWorker() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); VarlinkClient client = fixture.client()) {
            JsonNode quick = client.call("dev.baton.test.QuickIndex", JsonNodeFactory.instance.objectNode().put("index", 1));
            JsonNode slow = client.call("dev.baton.test.SlowIndex", JsonNodeFactory.instance.objectNode().put("index", 2));
            assertTrue(quick.path("thread").asText().startsWith("varlink-io"), quick.toString());
            assertTrue(slow.path("thread").asText().startsWith("varlink-call"), slow.toString());
            JsonNode info = client.call("org.varlink.service.GetInfo", null);
            assertEquals("Baton", info.path("vendor").asText(), "the built-in methods are quick too, and still right");
        }
    }

    @Test
    void aQuickCallBehindASlowOneWaitsForItOnTheWorker() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir); RawPeer peer = fixture.raw()) {
            peer.send("{\"method\":\"dev.baton.test.Sleep\",\"parameters\":{\"millis\":100,\"tag\":\"first\"}}\0"
                    + call("QuickIndex", 2));
            assertEquals("first", peer.readMessage().path("parameters").path("tag").asText());
            JsonNode second = peer.readMessage().path("parameters");
            assertEquals(2, second.path("index").asInt());
            assertTrue(second.path("thread").asText().startsWith("varlink-call"),
                    "queued behind a running call, so run by the worker: " + second);
        }
    }

    @Test
    void pipelinedQuickAndOrdinaryCallsAreAnsweredInOrder() throws Exception {
        int calls = 6000;
        try (ServerFixture fixture = new ServerFixture(dir); RawPeer peer = fixture.raw()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < calls; i++) {
                batch.append(call(i % 7 == 3 ? "SlowIndex" : "QuickIndex", i));
            }
            // Written while the replies are read: the server pauses reading while calls wait and resumes as they
            // are answered, so quick calls arrive both with and without a worker busy ahead of them.
            Thread writer = new Thread(() -> {
                try {
                    peer.send(batch.toString());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            Set<String> threads = new HashSet<>();
            for (int i = 0; i < calls; i++) {
                JsonNode reply = peer.readMessage().path("parameters");
                assertEquals(i, reply.path("index").asInt());
                threads.add(reply.path("thread").asText().replaceAll("-\\d+", ""));
            }
            writer.join();
            assertEquals(Set.of("varlink-io", "varlink-call"), threads, "both paths served this connection");
        }
    }

    @Test
    void aPeerFloodingQuickCallsWithoutReadingIsDisconnectedWhileOthersAreServed() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.writeTimeout(Duration.ofMillis(300)));
             RawPeer flooder = fixture.raw();
             VarlinkClient other = fixture.client()) {
            // Replies nobody reads: once the socket is full, the calls queue for a worker, which gives up on the peer
            // after the write timeout; the event loop is never stuck behind it.
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                batch.append(call("QuickIndex", i));
            }
            flooder.sendUntilClosed(batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(7, other.call("dev.baton.test.QuickIndex",
                    JsonNodeFactory.instance.objectNode().put("index", 7)).path("index").asInt());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fixture.server.connectionCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, fixture.server.connectionCount(), "the flooder was disconnected");
        }
    }
}
