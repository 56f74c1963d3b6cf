package dev.baton.linux;

import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Root holds CAP_SYS_NICE, yet the kernel still answers EPERM when the thread's v1 cpu cgroup has no real-time
 * budget (a new child's cpu.rt_runtime_us is 0). Naming the capability there would send the operator after the
 * wrong thing, so the message names the cgroup budget.
 */
final class TestRealtimeRefusedByCgroup {
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");

    @Test
    void aCgroupWithoutRealtimeBudgetIsNamedInsteadOfTheCapability() {
        Prerequisites.requireRoot();
        Prerequisites.require(Files.isRegularFile(CPU.resolve("cpu.rt_runtime_us")),
                "no v1 cpu hierarchy with real-time group scheduling at " + CPU);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            int vcpu = vm.tid("CPU 0/KVM");
            // Only its placement matters: ScratchCgroup populates nothing on a mount that is not cpuset.
            try (ScratchCgroup starved = ScratchCgroup.create(new CgroupMount(CgroupLayout.V1_CPUSET, CPU, "/"),
                    "baton-test-rt", false)) {
                starved.write("tasks", vcpu + "\n");
                PermissionDeniedException e = assertThrows(PermissionDeniedException.class,
                        () -> ThreadScheduling.set(vm.pid(), vcpu, SchedPolicy.FIFO, 1, false));
                assertEquals("permission denied: cannot set SCHED_FIFO priority 1 on thread " + vcpu + " of pid " + vm.pid()
                        + ": this process holds CAP_SYS_NICE, so the refusal is most likely the thread's cpu cgroup,"
                        + " which has no real-time budget (cpu.rt_runtime_us is 0); give that cgroup a budget or move"
                        + " the thread", e.getMessage());
                assertEquals(java.util.Optional.empty(), e.capability(), "no capability would help");
                assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy(), "nothing changed");
                vm.close(); // the cgroup can only be removed once its thread is gone
            }
        }
    }
}
