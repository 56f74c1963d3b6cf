package dev.baton.plugins.remote;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.spi.Hook;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each hook over a real socket: the request reaches the daemon field by field, the reply becomes the SPI result. */
final class TestHookRoundTrip {
    private static final JsonMapper JSON = new JsonMapper();

    @TempDir
    Path directory;
    private TestingBatond batond;
    private TestingRemoteHandler handler;

    @BeforeEach
    void start() throws Exception {
        Path socket = directory.resolve("batond.sock");
        // The daemon implements 1 and 2; calls must still carry the runtime's version, 1.
        batond = TestingBatond.start(socket, new TestingDelegationService().implementing(1, 2));
        handler = new TestingRemoteHandler(socket);
    }

    @AfterEach
    void stop() {
        handler.close();
        batond.close();
    }

    @Test
    void memlockCarriesBytesAndOnlyRaise() throws Exception {
        MemlockResult result = handler.call(Hook.MEMLOCK, MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(1L << 30)));

        assertEquals(List.of("Negotiate", "SetMaxMemLock"), batond.service.methods());
        assertEquals(json("{\"clientVersions\":[1]}"), batond.service.calls().get(0).parameters());
        assertEquals(json("{\"apiVersion\":1,\"pid\":4242,\"bytes\":1073741824,\"onlyRaise\":true}"),
                batond.service.calls().get(1).parameters());
        assertEquals(new MemlockResult(4242, TestingDelegationService.MEMLOCK_BEFORE,
                MemlockLimits.both(MemlockLimit.ofBytes(1L << 30)), true), result);
    }

    @Test
    void memlockCarriesUnlimited() throws Exception {
        MemlockResult result = handler.call(Hook.MEMLOCK, new MemlockRequest(4242, MemlockLimit.UNLIMITED, false));

        assertEquals(json("{\"apiVersion\":1,\"pid\":4242,\"unlimited\":true,\"onlyRaise\":false}"),
                batond.service.calls().get(1).parameters());
        assertEquals(MemlockLimits.both(MemlockLimit.UNLIMITED), result.after());
    }

    @Test
    void schedulerCarriesThreadsPolicyAndAffinity() throws Exception {
        SchedulerResult result = handler.call(Hook.SCHEDULER,
                new SchedulerRequest(4242, List.of(4243, 4244), SchedPolicy.FIFO, 1, List.of(2, 3), true));

        assertEquals(json("{\"apiVersion\":1,\"pid\":4242,\"tids\":[4243,4244],\"policy\":\"fifo\",\"priority\":1,"
                + "\"cpus\":[2,3],\"allOrNothing\":true}"), batond.service.calls().get(1).parameters());
        SchedState before = TestingDelegationService.SCHED_BEFORE;
        SchedState after = new SchedState(SchedPolicy.FIFO, 1, false, List.of(2, 3));
        assertEquals(new SchedulerResult(4242, List.of(
                new ThreadSchedResult(4243, before, after, ThreadOutcome.APPLIED, null),
                new ThreadSchedResult(4244, before, after, ThreadOutcome.APPLIED, null))), result);
    }

    @Test
    void schedulerWithoutAffinityLeavesCpusOff() throws Exception {
        handler.call(Hook.SCHEDULER, SchedulerRequest.of(4242, List.of(4243), SchedPolicy.OTHER, 0));

        assertEquals(json("{\"apiVersion\":1,\"pid\":4242,\"tids\":[4243],\"policy\":\"other\",\"priority\":0,"
                + "\"allOrNothing\":false}"), batond.service.calls().get(1).parameters());
    }

    @Test
    void housekeepingCarriesCgroupAndCpus() throws Exception {
        HousekeepingResult result = handler.call(Hook.HOUSEKEEPING,
                new HousekeepingRequest(4242, List.of(4245, 4246), "housekeeping", List.of(0)));

        assertEquals(json("{\"apiVersion\":1,\"pid\":4242,\"tids\":[4245,4246],\"cgroup\":\"housekeeping\","
                + "\"cpus\":[0]}"), batond.service.calls().get(1).parameters());
        assertEquals(new HousekeepingResult(4242, CgroupLayout.V2_THREADED, "/machine.slice/vm-1/housekeeping", true,
                List.of(4245, 4246)), result);
    }

    @Test
    void inspectCarriesThePid() throws Exception {
        InspectResult result = handler.call(Hook.INSPECT, new InspectRequest(4242));

        assertEquals(TestingDelegationService.inspectResult(4242), result);
        assertEquals(json("{\"apiVersion\":1,\"pid\":4242}"), batond.service.calls().get(1).parameters());
    }

    @Test
    void aKnownStartTimeTravelsWithEveryHookSoBatondPinsThatProcess() throws Exception {
        handler.call(Hook.INSPECT, new InspectRequest(4242).withStartTime(987654));
        handler.call(Hook.MEMLOCK, MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(4096)).withStartTime(987654));
        handler.call(Hook.SCHEDULER, SchedulerRequest.of(4242, List.of(4243), SchedPolicy.FIFO, 1)
                .withStartTime(987654));
        handler.call(Hook.HOUSEKEEPING, new HousekeepingRequest(4242, List.of(4245), "housekeeping", List.of())
                .withStartTime(987654));

        for (int call = 1; call <= 4; call++) {
            assertEquals(987654, batond.service.calls().get(call).parameters().path("startTime").asLong(),
                    batond.service.methods().get(call));
        }
    }

    @Test
    void negotiatesOncePerConnection() {
        handler.call(Hook.INSPECT, new InspectRequest(4242));
        handler.call(Hook.INSPECT, new InspectRequest(4243));
        handler.call(Hook.MEMLOCK, MemlockRequest.raiseTo(4242, MemlockLimit.ofBytes(4096)));

        assertEquals(List.of("Negotiate", "InspectProcess", "InspectProcess", "SetMaxMemLock"),
                batond.service.methods());
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }
}
