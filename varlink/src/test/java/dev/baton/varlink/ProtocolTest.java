package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol as seen by a raw peer: framing, ordering, flags, parameters. */
class ProtocolTest {

    @TempDir
    Path dir;
    ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServerFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void repliesAreNulTerminatedObjectsWithParameters() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":2,\"b\":3}}");
            assertEquals("{\"parameters\":{\"sum\":5}}", peer.readFrame());
        }
    }

    @Test
    void messagesSplitAcrossWritesAndSharingOneWriteAreFramedByNul() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.send("{\"method\":\"dev.baton.te");
            peer.send("st.Add\",\"parameters\":{\"a\":1,\"b\":1}}");
            peer.send("\0{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":2}}\0"
                    + "{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":3}}\0");
            assertEquals(2, peer.readMessage().path("parameters").path("sum").asInt());
            assertEquals(3, peer.readMessage().path("parameters").path("sum").asInt());
            assertEquals(4, peer.readMessage().path("parameters").path("sum").asInt());
        }
    }

    @Test
    void whitespaceAroundTheJsonIsAccepted() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("\n  { \"method\" : \"dev.baton.test.Add\", \"parameters\": {\"a\": 1, \"b\": 1} }\n");
            assertEquals(2, peer.readMessage().path("parameters").path("sum").asInt());
        }
    }

    @Test
    void escapedNulInsideAStringIsData() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Echo\",\"parameters\":{\"value\":\"a\\u0000b\"}}");
            assertEquals("a\u0000b", peer.readMessage().path("parameters").path("value").asText());
        }
    }

    @Test
    void aMessageWithoutNulBeforeEndOfStreamIsNeverAnswered() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.send("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":1}}");
            peer.shutdownOutput();
            peer.assertClosedByServer();
        }
    }

    @Test
    void callsSentBeforeHalfCloseAreStillAnswered() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Sleep\",\"parameters\":{\"millis\":50,\"tag\":\"x\"}}");
            peer.shutdownOutput();
            assertEquals("x", peer.readMessage().path("parameters").path("tag").asText());
            peer.assertClosedByServer();
        }
    }

    @Test
    void pipelinedCallsAreAnsweredInOrderEvenWhenAnEarlierOneIsSlower() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            StringBuilder batch = new StringBuilder();
            List<String> tags = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                tags.add("t" + i);
                // Decreasing sleeps: if calls ran concurrently, later replies would overtake earlier ones.
                batch.append("{\"method\":\"dev.baton.test.Sleep\",\"parameters\":{\"millis\":")
                        .append(i < 3 ? 60 - 20 * i : 0).append(",\"tag\":\"t").append(i).append("\"}}\0");
            }
            peer.send(batch.toString());
            List<String> received = new ArrayList<>();
            for (int i = 0; i < tags.size(); i++) {
                received.add(peer.readMessage().path("parameters").path("tag").asText());
            }
            assertEquals(tags, received);
        }
    }

    @Test
    void manyPipelinedCallsBeyondTheReadPauseThresholdAreAllAnswered() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 500; i++) {
                batch.append("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":").append(i)
                        .append(",\"b\":0}}\0");
            }
            peer.send(batch.toString());
            for (int i = 0; i < 500; i++) {
                assertEquals(i, peer.readMessage().path("parameters").path("sum").asInt());
            }
        }
    }

    @Test
    void nullAndMissingParametersMeanAnEmptyObject() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"org.varlink.service.GetInfo\",\"parameters\":null}");
            peer.sendMessage("{\"method\":\"org.varlink.service.GetInfo\"}");
            peer.sendMessage("{\"method\":\"org.varlink.service.GetInfo\",\"parameters\":{}}");
            for (int i = 0; i < 3; i++) {
                JsonNode reply = peer.readMessage();
                assertNull(reply.get("error"), reply::toString);
                assertEquals("Baton", reply.path("parameters").path("vendor").asText());
            }
        }
    }

    @Test
    void nullFlagsMeanFalseAndVendorMembersAreIgnored() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":1},"
                    + "\"oneway\":null,\"more\":false,\"org.example\":{\"trace\":1}}");
            assertEquals(2, peer.readMessage().path("parameters").path("sum").asInt());
        }
    }

    @Test
    void onewayCallsAreRunButNeverAnswered() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Mark\",\"oneway\":true}");
            // Errors are suppressed too: the next reply must belong to the next ordinary call.
            peer.sendMessage("{\"method\":\"dev.baton.test.NoSuchMethod\",\"oneway\":true}");
            peer.sendMessage("{\"method\":\"dev.baton.test.Mark\",\"oneway\":true}");
            peer.sendMessage("{\"method\":\"dev.baton.test.Marks\"}");
            assertEquals(2, peer.readMessage().path("parameters").path("marks").asInt());
        }
    }

    @Test
    void moreStreamsRepliesWithContinuesAndEndsWithAFinalOne() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Stream\",\"parameters\":{\"count\":3},\"more\":true}");
            peer.sendMessage("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":1}}");
            for (int i = 0; i < 2; i++) {
                JsonNode reply = peer.readMessage();
                assertEquals(i, reply.path("parameters").path("index").asInt());
                assertTrue(reply.path("continues").asBoolean(), reply::toString);
            }
            JsonNode last = peer.readMessage();
            assertEquals(2, last.path("parameters").path("index").asInt());
            assertFalse(last.path("continues").asBoolean(), last::toString);
            assertEquals(2, peer.readMessage().path("parameters").path("sum").asInt());
        }
    }

    @Test
    void aMethodCalledWithoutMoreRepliesOnceWithoutContinues() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Count\",\"parameters\":{\"count\":3}}");
            JsonNode reply = peer.readMessage();
            assertNull(reply.get("continues"), reply::toString);
            assertEquals(2, reply.path("parameters").path("index").asInt());
        }
    }

    @Test
    void aStreamingMethodCalledWithoutMoreGetsExpectedMore() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Stream\",\"parameters\":{\"count\":3}}");
            JsonNode reply = peer.readMessage();
            assertEquals(VarlinkErrors.EXPECTED_MORE, reply.path("error").asText());
            assertNull(reply.get("continues"));
        }
    }

    @Test
    void serviceErrorsCarryTheirParameters() throws Exception {
        try (VarlinkClient client = fixture.client()) {
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("reason", "because");
            VarlinkException e = assertThrows(VarlinkException.class, () -> client.call("dev.baton.test.Fail", p));
            assertEquals("dev.baton.test.Failed", e.errorName());
            assertEquals("because", e.parameters().path("reason").asText());
            assertEquals(2, client.call("dev.baton.test.Add", JsonNodeFactory.instance.objectNode()
                    .put("a", 1).put("b", 1)).path("sum").asInt(), "the connection stays usable after an error");
        }
    }

    @Test
    void aServiceBugClosesTheConnectionInsteadOfLying() throws Exception {
        try (RawPeer peer = fixture.raw()) {
            peer.sendMessage("{\"method\":\"dev.baton.test.Crash\"}");
            peer.sendMessage("{\"method\":\"dev.baton.test.Add\",\"parameters\":{\"a\":1,\"b\":1}}");
            peer.assertClosedByServer();
        }
        try (VarlinkClient client = fixture.client()) {
            assertNotNull(client.call("org.varlink.service.GetInfo"), "the server itself survives");
        }
    }
}
