package dev.baton.plugins.remote;

import dev.baton.plugins.remote.TestingDelegationService.NoCommonVersion;
import dev.baton.spi.Hook;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** remote-handler ↔ batond, the third place the unstable API is negotiated (MISSION.md). */
final class TestApiVersionNegotiation {
    @TempDir
    Path directory;

    @Test
    void offersThePluginsVersionsAndCallsWithTheRuntimesVersion() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket, new TestingDelegationService().implementing(1, 2, 3));
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            handler.call(Hook.INSPECT, new InspectRequest(4242));

            assertEquals("{\"clientVersions\":[1]}", batond.service.calls().get(0).parameters().toString());
            assertEquals(1, batond.service.calls().get(1).parameters().get("apiVersion").asInt());
        }
    }

    @Test
    void daemonThatImplementsOnlyALaterVersionIsRefusedByTheClient() throws Exception {
        Path socket = directory.resolve("batond.sock");
        TestingDelegationService service = new TestingDelegationService().implementing(2)
                .whenNoCommonVersion(NoCommonVersion.REPLY);
        try (TestingBatond batond = TestingBatond.start(socket, service);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("unsupported internal API version 1: batond at " + socket + " implements [2]"
                    + " (this client speaks [1]); install a batond and a remote-handler plugin that share a version",
                    e.getMessage());
            assertEquals(1, e.requested());
            assertEquals(Set.of(2), e.supported());
            // Refused at once: a version mismatch does not heal by reconnecting.
            assertEquals(List.of("Negotiate"), batond.service.methods());
        }
    }

    @Test
    void daemonThatRefusesNegotiateGivesTheSameMessage() throws Exception {
        Path socket = directory.resolve("batond.sock");
        TestingDelegationService service = new TestingDelegationService().implementing(2)
                .whenNoCommonVersion(NoCommonVersion.REFUSE);
        try (TestingBatond batond = TestingBatond.start(socket, service);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                    () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));

            assertEquals("unsupported internal API version 1: batond at " + socket + " implements [2]"
                    + " (this client speaks [1]); install a batond and a remote-handler plugin that share a version",
                    e.getMessage());
            assertEquals(Set.of(2), e.supported());
            assertEquals(List.of("Negotiate"), batond.service.methods());
        }
    }

    @Test
    void daemonThatRejectsTheCallsVersionIsReportedWithBothSets() throws Exception {
        Path socket = directory.resolve("batond.sock");
        TestingDelegationService service = new TestingDelegationService().implementing(1).acceptingCallsWith(2);
        try (TestingBatond batond = TestingBatond.start(socket, service);
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                    () -> handler.call(Hook.MEMLOCK, MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(4096))));

            assertEquals("unsupported internal API version 1: batond at " + socket + " rejected SetMaxMemLock and"
                    + " implements [2] (this client speaks [1]); install a batond and a remote-handler plugin that"
                    + " share a version", e.getMessage());
            assertEquals(1, e.requested());
            assertEquals(Set.of(2), e.supported());
            assertEquals(List.of("Negotiate", "SetMaxMemLock"), batond.service.methods());
        }
    }

    @Test
    void aRefusedNegotiationIsTriedAgainOnTheNextCall() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket, new TestingDelegationService().implementing(2));
             TestingRemoteHandler handler = new TestingRemoteHandler(socket)) {
            assertThrows(UnsupportedApiVersionException.class, () -> handler.call(Hook.INSPECT, new InspectRequest(1)));
            assertThrows(UnsupportedApiVersionException.class, () -> handler.call(Hook.INSPECT, new InspectRequest(1)));

            // No connection is kept after a refusal: an upgraded daemon is picked up without restarting the host.
            assertEquals(List.of("Negotiate", "Negotiate"), batond.service.methods());
        }
    }
}
