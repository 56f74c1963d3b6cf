package dev.baton.plugins.remote;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.spi.Hook;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.varlink.VarlinkException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** batond's error replies become the SPI's typed exceptions, with the daemon's message word for word. */
final class TestErrorReplies {
    private static final MemlockRequest MEMLOCK = MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(1L << 30));
    private static final SchedulerRequest SCHEDULER = SchedulerRequest.of(4242, List.of(4243), SchedPolicy.FIFO, 1);
    private static final HousekeepingRequest HOUSEKEEPING =
            new HousekeepingRequest(4242, List.of(4245), "housekeeping", List.of());

    @TempDir
    Path directory;
    private Path socket;
    private TestingBatond batond;
    private TestingRemoteHandler handler;

    @BeforeEach
    void start() throws Exception {
        socket = directory.resolve("batond.sock");
        batond = TestingBatond.start(socket);
        handler = new TestingRemoteHandler(socket);
    }

    @AfterEach
    void stop() {
        handler.close();
        batond.close();
    }

    @Test
    void notAuthorized() {
        NotAuthorizedException e = expect(NotAuthorizedException.class, "SetMaxMemLock",
                new NotAuthorizedException("uid 65534 may act on its own descendants only (rule 'virt-launcher'),"
                        + " and pid 4242 is not one"),
                () -> handler.call(Hook.MEMLOCK, MEMLOCK));
        assertEquals("not authorized: uid 65534 may act on its own descendants only (rule 'virt-launcher'), and pid"
                + " 4242 is not one", e.getMessage());
    }

    @Test
    void noSuchProcess() {
        NoSuchProcessException e = expect(NoSuchProcessException.class, "InspectProcess",
                new NoSuchProcessException(4242, "no such process 4242: it exited before batond could pin it"),
                () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));
        assertEquals(4242, e.pid());
    }

    @Test
    void permissionDeniedNamesTheCapability() {
        PermissionDeniedException e = expect(PermissionDeniedException.class, "SetMaxMemLock",
                new PermissionDeniedException("CAP_SYS_RESOURCE", "batond lacks CAP_SYS_RESOURCE: cannot raise the"
                        + " hard memlock limit of pid 4242 from 8 MiB to 1 GiB"),
                () -> handler.call(Hook.MEMLOCK, MEMLOCK));
        assertEquals(Optional.of("CAP_SYS_RESOURCE"), e.capability());
    }

    @Test
    void operationFailedKeepsTheErrno() {
        OperationFailedException e = expect(OperationFailedException.class, "MoveThreads",
                new OperationFailedException(16, "cannot make cgroup /machine.slice/vm-1/housekeeping threaded: EBUSY"
                        + " (it has domain children)"),
                () -> handler.call(Hook.HOUSEKEEPING, HOUSEKEEPING));
        assertEquals(16, e.errno());
    }

    @Test
    void verificationFailed() {
        VerificationFailedException e = expect(VerificationFailedException.class, "SetScheduler",
                new VerificationFailedException("scheduler of tid 4243", "SCHED_FIFO/1", "SCHED_OTHER/0"),
                () -> handler.call(Hook.SCHEDULER, SCHEDULER));
        assertEquals("SCHED_FIFO/1", e.expected());
        assertEquals("SCHED_OTHER/0", e.actual());
    }

    @Test
    void invalidRequest() {
        InvalidRequestException e = expect(InvalidRequestException.class, "SetScheduler",
                new InvalidRequestException("tids", "must belong to pid 4242 (thread 4243 belongs to pid 17)"),
                () -> handler.call(Hook.SCHEDULER, SCHEDULER));
        assertEquals("tids", e.field());
    }

    @Test
    void anErrorThisClientDoesNotKnowIsAFailureNamingIt() {
        batond.service.failing("MoveThreads",
                VarlinkException.methodNotImplemented("dev.baton.delegation.MoveThreads"));

        HandlerFailedException e = assertThrows(HandlerFailedException.class,
                () -> handler.call(Hook.HOUSEKEEPING, HOUSEKEEPING));

        assertEquals("remote-handler: batond answered org.varlink.service.MethodNotImplemented"
                + " {\"method\":\"dev.baton.delegation.MoveThreads\"}", e.getMessage());
        assertEquals("remote-handler", e.backend());
    }

    @Test
    void anErrorReplyLeavesTheConnectionUsable() {
        batond.service.failing("InspectProcess", new NoSuchProcessException(4242));
        assertThrows(NoSuchProcessException.class, () -> handler.call(Hook.INSPECT, new InspectRequest(4242)));
        handler.call(Hook.MEMLOCK, MEMLOCK);

        assertEquals(List.of("Negotiate", "InspectProcess", "SetMaxMemLock"), batond.service.methods());
    }

    @Test
    void aReplyOfTheWrongShapeIsNotResent() {
        ObjectNode wrong = JsonNodeFactory.instance.objectNode().put("pid", 4242);
        batond.service.replying("SetMaxMemLock", wrong);

        HandlerFailedException e = assertThrows(HandlerFailedException.class,
                () -> handler.call(Hook.MEMLOCK, MEMLOCK));

        assertTrue(e.getMessage().startsWith("batond at " + socket + " sent a reply to SetMaxMemLock that this"
                + " client cannot read (reply of dev.baton.delegation.SetMaxMemLock does not match"
                + " SetMaxMemLockReply: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("); are batond and the remote-handler plugin from the same release?"),
                e.getMessage());
        assertEquals(1, batond.service.count("SetMaxMemLock"));
    }

    @Test
    void aReplyTheSpiRejectsBlamesTheDaemonNotTheRequest() throws Exception {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.put("pid", 4242);
        ObjectNode state = JsonNodeFactory.instance.objectNode().put("policy", "deadline").put("priority", 0)
                .put("resetOnFork", false);
        state.putArray("cpus").add(0);
        ObjectNode thread = reply.putArray("threads").addObject().put("tid", 4243).put("outcome", "APPLIED");
        thread.set("before", state);
        thread.set("after", state);
        batond.service.replying("SetScheduler", reply);

        HandlerFailedException e = assertThrows(HandlerFailedException.class,
                () -> handler.call(Hook.SCHEDULER, SCHEDULER));

        assertEquals("batond at " + socket + " answered SetScheduler with a result this client cannot use: invalid"
                + " request: policy must be one of other, fifo, rr, batch, idle (got 'deadline'); are batond and the"
                + " remote-handler plugin from the same release?", e.getMessage());
    }

    @Test
    void aConnectionRefusedOverBatondsLimitSaysWhatToTune() throws Exception {
        batond.close();
        handler.close();
        TestingDelegationService service = new TestingDelegationService().holdingCalls();
        try (TestingBatond limited = TestingBatond.start(socket, service, b -> b.maxConnectionsPerUid(1));
             TestingRemoteHandler twoConnections = new TestingRemoteHandler(socket,
                     Map.of(RemoteHandlerSettings.MAX_CONNECTIONS, "2"))) {
            CompletableFuture<?> first = CompletableFuture.runAsync(
                    () -> twoConnections.call(Hook.INSPECT, new InspectRequest(4242)));
            while (service.inFlight() == 0 && !first.isDone()) {
                Thread.sleep(5);
            }
            assertEquals(1, service.inFlight(), "the first call holds batond's only connection for this uid");

            HandlerFailedException e = assertThrows(HandlerFailedException.class,
                    () -> twoConnections.call(Hook.INSPECT, new InspectRequest(4243)));

            assertEquals("batond at " + socket + " refused the connection (org.varlink.service.PermissionDenied),"
                    + " usually because this uid holds too many connections; lower maxConnections of remote-handler"
                    + " or raise batond's per-uid limit", e.getMessage());
            service.releaseAll();
            first.get(30, TimeUnit.SECONDS);
            // Refused at connect: the second call never reached batond, and was not retried.
            assertEquals(List.of("Negotiate", "InspectProcess"), limited.service.methods());
        }
    }

    /** Makes the daemon answer {@code method} with {@code failure}, and checks the client throws it back as is. */
    private <E extends BatonException> E expect(Class<E> type, String method, E failure, Executable call) {
        batond.service.failing(method, failure);
        E thrown = assertThrows(type, call);
        assertEquals(failure.getMessage(), thrown.getMessage());
        assertEquals(failure.kind(), thrown.kind());
        return thrown;
    }
}
