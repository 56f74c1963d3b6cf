package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow, stalled or silent peers cost only themselves: others are served, and the server lets go of them. */
class SlowPeerTest {

    @TempDir
    Path dir;

    private static ObjectNode add() {
        return JsonNodeFactory.instance.objectNode().put("a", 20).put("b", 22);
    }

    @Test
    void aBlockingServiceCallDoesNotBlockOtherConnections() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir);
             VarlinkClient blocked = fixture.client();
             VarlinkClient other = fixture.client()) {
            blocked.send("dev.baton.test.WaitFor", JsonNodeFactory.instance.objectNode().put("gate", "g"));
            fixture.service.awaitArrival("g");
            assertEquals(42, other.call("dev.baton.test.Add", add()).path("sum").asInt());
            fixture.service.open("g");
            assertEquals(null, blocked.receive().error());
        }
    }

    @Test
    void aPeerThatStopsReadingIsDisconnectedWhileOthersAreServed() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.writeTimeout(Duration.ofMillis(300)));
             RawPeer stalled = fixture.raw();
             VarlinkClient other = fixture.client()) {
            // A million replies nobody reads: the server must neither buffer them all nor stall other clients.
            stalled.sendMessage("{\"method\":\"dev.baton.test.Stream\",\"parameters\":{\"count\":1000000},\"more\":true}");
            assertEquals(42, other.call("dev.baton.test.Add", add()).path("sum").asInt());
            awaitCount(1, fixture.server::connectionCount, "the stalled peer is disconnected");
            assertEquals(42, other.call("dev.baton.test.Add", add()).path("sum").asInt());
        }
    }

    @Test
    void anUnfinishedMessageRunsOutOfTime() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.readTimeout(Duration.ofMillis(200)));
             RawPeer slow = fixture.raw()) {
            slow.send("{\"method\":\"org.varlink.service.GetInfo\""); // and never the rest
            slow.assertClosedByServer();
        }
    }

    @Test
    void anIdleConnectionIsClosedButABusyOneIsNot() throws Exception {
        try (ServerFixture fixture = new ServerFixture(dir, b -> b.idleTimeout(Duration.ofMillis(200)));
             RawPeer idle = fixture.raw();
             VarlinkClient busy = fixture.client()) {
            busy.send("dev.baton.test.Sleep", JsonNodeFactory.instance.objectNode().put("millis", 1000).put("tag", "t"));
            idle.assertClosedByServer();
            assertEquals("t", busy.receive().orThrow().path("tag").asText(),
                    "a connection waiting for its reply is not idle, however long the call takes");
        }
    }

    private static void awaitCount(int expected, IntSupplier actual, String what) throws InterruptedException {
        long guard = System.currentTimeMillis() + 20_000;
        while (actual.getAsInt() != expected && System.currentTimeMillis() < guard) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.getAsInt(), what);
    }
}
