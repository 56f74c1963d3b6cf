package dev.baton.cli;

import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scheduler batch in which one thread really fails: vCPU 1 sits in a cpu cgroup without real-time budget, so
 * the kernel refuses it SCHED_FIFO while vCPU 0 gets it.
 */
final class TestBatchFailures {
    @BeforeEach
    void needsRoot() {
        Prerequisites.requireRoot();
    }

    @Test
    void aBatchWithAFailedThreadExitsNineAndNamesTheThread() {
        try (TestingRtStarvedCgroup starved = TestingRtStarvedCgroup.create(); QemuLikeChild vm = QemuLikeChild.start(2)) {
            int vcpu0 = vm.tid("CPU 0/KVM");
            int vcpu1 = vm.tid("CPU 1/KVM");
            starved.adoptThread(vcpu1);

            CliRun run = CliRun.of("sched", "--pid", Integer.toString(vm.pid()), "--tids", vcpu0 + "," + vcpu1,
                    "--policy", "fifo", "--priority", "1", "--backend", "local-root");

            assertEquals(ExitCode.SOME_THREADS_FAILED, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("  thread " + vcpu1 + ": SCHED_OTHER/0"), run.out());
            assertTrue(run.out().contains("FAILED: "), run.out());
            String[] err = run.err().split("\n");
            assertEquals(2, err.length, run.err());
            assertEquals("baton: 1 of 2 threads of pid " + vm.pid() + " failed; 1 was changed and stays so"
                    + " (--all-or-nothing restores them instead):", err[0]);
            assertTrue(err[1].startsWith("baton:   thread " + vcpu1 + ": permission denied: "), err[1]);
            assertEquals(SchedPolicy.FIFO, ThreadScheduling.read(vcpu0).policy());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu1).policy());
            vm.close();
        }
    }

    @Test
    void theFailureIsMachineReadableWithJson() {
        try (TestingRtStarvedCgroup starved = TestingRtStarvedCgroup.create(); QemuLikeChild vm = QemuLikeChild.start(2)) {
            int vcpu1 = vm.tid("CPU 1/KVM");
            starved.adoptThread(vcpu1);

            CliRun run = CliRun.of("sched", "--pid", Integer.toString(vm.pid()), "--tids", vm.tid("CPU 0/KVM") + ","
                    + vcpu1, "--policy", "rr", "--priority", "2", "--backend", "local-root", "--json");

            assertEquals(ExitCode.SOME_THREADS_FAILED, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("\"error\" : \"SomeThreadsFailed\""), run.err());
            assertTrue(run.err().contains("\"tid\" : " + vcpu1), run.err());
            vm.close();
        }
    }

    @Test
    void allOrNothingRestoresTheThreadsAlreadyChangedAndFailsTheCall() {
        try (TestingRtStarvedCgroup starved = TestingRtStarvedCgroup.create(); QemuLikeChild vm = QemuLikeChild.start(2)) {
            int vcpu0 = vm.tid("CPU 0/KVM");
            int vcpu1 = vm.tid("CPU 1/KVM");
            SchedState vcpu0Before = ThreadScheduling.read(vcpu0);
            starved.adoptThread(vcpu1);

            CliRun run = CliRun.of("sched", "--pid", Integer.toString(vm.pid()), "--tids", vcpu0 + "," + vcpu1,
                    "--policy", "fifo", "--priority", "1", "--all-or-nothing", "--backend", "local-root");

            assertEquals(ExitCode.PERMISSION_DENIED, run.exit(), run.out() + run.err());
            assertEquals("", run.out());
            assertTrue(run.err().startsWith("baton: permission denied: "), run.err());
            assertTrue(run.err().contains("thread " + vcpu1), run.err());
            assertEquals(vcpu0Before, ThreadScheduling.read(vcpu0), "vCPU 0 was put back");
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu1).policy());
            vm.close();
        }
    }
}
