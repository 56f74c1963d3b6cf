package dev.baton.plugins.dryrun;

import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.PluginContext;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.PlannedOperation;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin on its own (no core), against a real child process: a plan is written, nothing changes. */
final class TestDryRunPlugin {
    private static final PluginContext CONTEXT = new PluginContext() {
        @Override
        public Map<String, String> config() {
            return Map.of();
        }

        @Override
        public System.Logger logger() {
            return System.getLogger("dry-run-test");
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public int apiVersion() {
            return 1;
        }
    };

    @Test
    void recordsAnOrderedPlanWithCurrentValuesAndChangesNothing() {
        DryRunPlugin plugin = new DryRunPlugin();
        HandlerSet handlers = plugin.start(CONTEXT);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            MemlockRequest request = aChangeFrom(vm.pid(), before);
            MemlockResult memlock = handlers.find(Hook.MEMLOCK).orElseThrow().handle(request);
            handlers.find(Hook.SCHEDULER).orElseThrow()
                    .handle(SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1));
            handlers.find(Hook.HOUSEKEEPING).orElseThrow()
                    .handle(new HousekeepingRequest(vm.pid(), List.of(vm.tid("worker")), "housekeeping", List.of()));

            assertTrue(memlock.changed());
            assertEquals(MemlockLimits.both(request.limit()), memlock.after());
            assertEquals(before, ProcFs.memlockLimits(vm.pid()), "a dry-run changes nothing");
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vm.tid("CPU 0/KVM")).policy());

            List<PlannedOperation> plan = plugin.plan();
            assertEquals(List.of("memlock", "scheduler", "housekeeping"), plan.stream().map(PlannedOperation::hook).toList());
            assertEquals(List.of(1, 2, 3), plan.stream().map(PlannedOperation::sequence).toList());
            assertEquals(before.hard().toString(), plan.get(0).current().get("hard"));
            assertEquals(request.limit().toString(), plan.get(0).planned().get("hard"));
            assertTrue(plan.get(2).planned().get("cgroup").endsWith("/housekeeping"));
        }
    }

    /**
     * A request that must change the limit, whatever the hard limit is where the test runs: 1 MiB above a finite
     * hard limit, or, under an unlimited one (which no raise can exceed), a plain set to 1 GiB.
     */
    private static MemlockRequest aChangeFrom(int pid, MemlockLimits current) {
        if (current.hard().isUnlimited()) {
            return new MemlockRequest(pid, MemlockLimit.ofBytes(1L << 30), false);
        }
        return MemlockRequest.raiseTo(pid, MemlockLimit.ofBytes(current.hard().bytes() + (1 << 20)));
    }
}
