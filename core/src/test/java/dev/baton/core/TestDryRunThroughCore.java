package dev.baton.core;

import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.PlannedOperation;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real dry-run plugin, found on the class path: outcomes are planned, nothing changes, the plan is exported. */
final class TestDryRunThroughCore {
    @Test
    void plansWithoutChangingAnythingAndExportsThePlan() {
        try (QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION)
                     .route(Hook.SCHEDULER, "dry-run").route(Hook.MEMLOCK, "dry-run").build()) {
            List<Integer> vcpus = vm.vcpuTids();
            Outcome<?> sched = baton.setScheduler(SchedulerRequest.of(vm.pid(), vcpus, SchedPolicy.FIFO, 1));
            Outcome<?> memlock = baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), MemlockLimit.UNLIMITED));

            assertEquals(Verification.PLANNED, sched.verification());
            assertEquals(Verification.PLANNED, memlock.verification());
            for (int tid : vcpus) {
                assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(tid).policy(), "dry-run must not change " + tid);
            }
            List<PlannedOperation> plan = baton.plan();
            assertEquals(2, plan.size());
            assertEquals("scheduler", plan.get(0).hook());
            assertEquals(vcpus, plan.get(0).tids());
            assertEquals("SCHED_FIFO", plan.get(0).planned().get("policy"));
            assertTrue(plan.get(0).current().get(vcpus.get(0).toString()).startsWith("SCHED_OTHER/0"));
            assertEquals("unlimited", plan.get(1).planned().get("hard"));

            String json = PlanJson.write(plan);
            assertTrue(json.contains("\"hook\" : \"scheduler\""), json);
            assertTrue(json.contains("\"sequence\" : 2"), json);
        }
    }
}
