package dev.baton.samples.inhouse;

import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The plugin's pure-JDK reads of /proc agree with what core verifies with (sched_getscheduler, sched_getparam,
 * sched_getaffinity and its own /proc reader): if they disagreed, every result would fail verification.
 */
final class TestProcReads {
    @Test
    void anOrdinaryThreadReadsAsTheKernelCallsSee() {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            int vcpu = vm.vcpuTids().get(0);

            assertAgree(vm.pid(), vcpu);
            assertEquals(ProcFs.memlockLimits(vm.pid()), ProcMemlockLimits.read(vm.pid()));
        }
    }

    @Test
    void realTimeThreadsAndANarrowAffinityReadAsTheKernelCallsSee() {
        Prerequisites.requireRoot();
        try (QemuLikeChild vm = QemuLikeChild.start(2)) {
            int vcpu0 = vm.tid("CPU 0/KVM");
            int vcpu1 = vm.tid("CPU 1/KVM");
            ThreadScheduling.set(vm.pid(), vcpu0, SchedPolicy.FIFO, 1, false);
            ThreadScheduling.set(vm.pid(), vcpu1, SchedPolicy.RR, 7, false);
            ThreadScheduling.setAffinity(vm.pid(), vcpu1, List.of(0));

            assertAgree(vm.pid(), vcpu0);
            assertAgree(vm.pid(), vcpu1);
            assertEquals(new SchedState(SchedPolicy.RR, 7, false, List.of(0)), ProcSchedState.read(vm.pid(), vcpu1));
        }
    }

    @Test
    void aThreadOfAnotherProcessIsNoSuchProcess() {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            int notItsThread = (int) ProcessHandle.current().pid();

            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> ProcSchedState.read(vm.pid(), notItsThread));

            assertEquals("no such process: thread " + notItsThread + " of pid " + vm.pid() + " does not exist",
                    e.getMessage());
        }
    }

    /** resetOnFork aside: /proc does not show it, and the plugin documents that it reports false. */
    private static void assertAgree(int pid, int tid) {
        SchedState kernel = ThreadScheduling.read(tid);
        SchedState proc = ProcSchedState.read(pid, tid);
        assertEquals(kernel.policy(), proc.policy());
        assertEquals(kernel.priority(), proc.priority());
        assertEquals(kernel.cpus(), proc.cpus());
    }
}
