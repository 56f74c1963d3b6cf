package dev.baton.plugins.remote;

import dev.baton.spi.Hook;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** batond going away and coming back: reconnect, negotiate again, resend; and the message when it stays away. */
final class TestReconnect {
    private static final MemlockRequest MEMLOCK = MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(1L << 30));

    @TempDir
    Path directory;

    @Test
    void aRestartedDaemonIsNegotiatedWithAgain() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            try (TestingBatond first = TestingBatond.start(socket)) {
                handler.call(Hook.INSPECT, new InspectRequest(4242));
                assertEquals(List.of("Negotiate", "InspectProcess"), first.service.methods());
            }
            try (TestingBatond second = TestingBatond.start(socket)) {
                // The pooled connection led to the first daemon; the call must notice, reconnect and resend.
                handler.call(Hook.MEMLOCK, MEMLOCK);

                assertEquals(List.of("Negotiate", "SetMaxMemLock"), second.service.methods());
            }
        }
    }

    @Test
    void aConnectionBatondClosedWhileIdleIsReplacedEvenWithoutRetries() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket, new TestingDelegationService(),
                builder -> builder.idleTimeout(Duration.ofMillis(100)));
             TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "0"))) {
            handler.call(Hook.INSPECT, new InspectRequest(4242));
            awaitNoConnections(batond); // batond's idle timeout closed the pooled connection

            // Even with no retries allowed, a pooled connection that went stale is not batond being away.
            handler.call(Hook.INSPECT, new InspectRequest(4242));

            assertEquals(List.of("Negotiate", "InspectProcess", "Negotiate", "InspectProcess"),
                    batond.service.methods());
        }
    }

    @Test
    void aCallWaitsForADaemonThatComesBackWithinTheDeadline() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                Map.of(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "30000"))) {
            CompletableFuture<InspectResult> call = CompletableFuture.supplyAsync(
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));
            Thread.sleep(300); // let the call find no socket and back off a few times; not a timing assertion
            assertFalse(call.isDone());

            try (TestingBatond late = TestingBatond.start(socket)) {
                assertEquals(TestingDelegationService.inspectResult(4242), call.get(30, TimeUnit.SECONDS));
                assertEquals(List.of("Negotiate", "InspectProcess"), late.service.methods());
            }
        }
    }

    private static void awaitNoConnections(TestingBatond batond) throws InterruptedException {
        for (int i = 0; i < 1000 && batond.connectionCount() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, batond.connectionCount(), "batond did not close the idle connection");
    }

    @Test
    void aConnectionDroppedDuringACallIsReopenedAndTheCallResent() throws Exception {
        Path socket = directory.resolve("batond.sock");
        TestingDelegationService service = new TestingDelegationService().droppingConnection("SetScheduler", 1);
        try (TestingBatond batond = TestingBatond.start(socket, service);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            handler.call(Hook.SCHEDULER, SchedulerRequest.of(4242, List.of(4243), SchedPolicy.FIFO, 1));

            // The first SetScheduler may have run before its reply was lost; sending it again is safe because
            // setting a thread's policy to the value it already has changes nothing.
            assertEquals(List.of("Negotiate", "SetScheduler", "Negotiate", "SetScheduler"), batond.service.methods());
        }
    }

    @Test
    void theDeadlineMessageWhenTheSocketDoesNotExist() {
        Path socket = directory.resolve("batond.sock");
        try (TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                Map.of(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "200"))) {
            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> handler.call(Hook.MEMLOCK, MEMLOCK));

            assertEquals("batond is unreachable at " + socket + ": the socket does not exist (retried for 200 ms);"
                    + " is batond running?", e.getMessage());
            assertEquals("remote-handler", e.backend());
        }
    }

    @Test
    void theDeadlineMessageWhenNobodyListens() throws Exception {
        Path socket = directory.resolve("batond.sock");
        // A socket file left behind by a daemon that died: it exists, but connect(2) is refused.
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));
        try (TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                Map.of(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "1000"))) {
            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("batond is unreachable at " + socket + ": connection refused (retried for 1 s);"
                    + " is batond running?", e.getMessage());
        }
    }

    @Test
    void aZeroDeadlineTriesOnce() {
        Path socket = directory.resolve("batond.sock");
        try (TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                Map.of(RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "0"))) {
            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("batond is unreachable at " + socket + ": the socket does not exist (not retried:"
                    + " retryDeadlineMillis is 0); is batond running?", e.getMessage());
        }
    }

    @Test
    void aCallThatTimesOutIsNotResent() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket, new TestingDelegationService().holdingCalls());
             TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.CALL_TIMEOUT_MILLIS, "1000"))) {
            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("batond at " + socket + " did not answer InspectProcess within 1 s (callTimeoutMillis);"
                    + " it is running but stuck or overloaded", e.getMessage());
            assertEquals(List.of("Negotiate", "InspectProcess"), batond.service.methods());
        }
    }

    @Test
    void aDaemonThatAcceptsButNeverNegotiatesIsBoundedByTheConnectTimeout() throws Exception {
        Path socket = directory.resolve("batond.sock");
        // A listener that accepts connections (the kernel does, from the backlog) and never reads or answers.
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.CONNECT_TIMEOUT_MILLIS, "300",
                             RemoteHandlerSettings.CALL_TIMEOUT_MILLIS, "60000",
                             RemoteHandlerSettings.RETRY_DEADLINE_MILLIS, "0"))) {
            mute.bind(UnixDomainSocketAddress.of(socket));
            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("batond at " + socket + " accepted the connection but did not answer Negotiate within"
                    + " 300 ms (connectTimeoutMillis); it is running but stuck or overloaded", e.getMessage());
        }
    }
}
