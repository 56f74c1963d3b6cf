package dev.baton.samples.inhouse;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.core.discovery.PluginState;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.core.routing.RouteReason;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Core loads the real plugin jar from a plugins directory and routes scheduler to it; a real helper script makes the
 * change with chrt on a real stand-in VM, and core's verification re-reads the threads. SCHED_FIFO needs root
 * (CAP_SYS_NICE): those tests skip outside CI without it and fail under CI=true.
 */
final class TestInHouseSchedulerThroughCore {
    @TempDir
    Path dir;

    @Test
    void theJarIsLoadedFromThePluginsDirectoryWithItsDescriptor() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (Baton baton = TestingInHouseBaton.start(dir, helper)) {
            PluginStatus status = baton.plugins().stream().filter(p -> p.name().equals(InHousePlugin.NAME))
                    .findFirst().orElseThrow();
            assertEquals(PluginState.STARTED, status.state(), status.problemMessage().orElse(""));
            assertEquals(TestingPluginsDirectory.VERSION, status.version());
            assertEquals(List.of("memlock", "scheduler"), status.hooks());
            assertTrue(status.location().endsWith("in-house.jar"), status.location());
        }
    }

    @Test
    void aVcpuBecomesFifoThroughTheHelperAndCoreVerifiesIt() {
        Prerequisites.requireRoot();
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            int vcpu0 = vm.tid("CPU 0/KVM");

            Outcome<SchedulerResult> outcome =
                    baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu0), SchedPolicy.FIFO, 1));

            assertEquals(InHousePlugin.NAME, outcome.backend());
            assertEquals(RouteReason.CONFIGURED, outcome.reason());
            assertEquals(Verification.VERIFIED, outcome.verification());
            ThreadSchedResult thread = outcome.result().threads().get(0);
            assertEquals(ThreadOutcome.APPLIED, thread.outcome());
            assertEquals(SchedPolicy.OTHER, thread.before().policy());
            assertEquals(SchedPolicy.FIFO, thread.after().policy());
            assertEquals(1, thread.after().priority());
            SchedState real = ThreadScheduling.read(vcpu0);
            assertEquals(SchedPolicy.FIFO, real.policy());
            assertEquals(1, real.priority());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vm.tid("CPU 1/KVM")).policy(), "only vCPU 0 was asked");
            assertEquals(List.of(List.of("sched", "--pid", Integer.toString(vm.pid()), "--tid", Integer.toString(vcpu0),
                    "--policy", "fifo", "--priority", "1")), helper.invocations());
        }
    }

    @Test
    void aThreadAlreadyInTheRequestedStateIsUnchangedAndTheHelperIsNotRunAgain() {
        Prerequisites.requireRoot();
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            SchedulerRequest request = SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1);
            baton.setScheduler(request);

            Outcome<SchedulerResult> again = baton.setScheduler(request);

            assertEquals(ThreadOutcome.UNCHANGED, again.result().threads().get(0).outcome());
            assertEquals(Verification.VERIFIED, again.verification());
            assertEquals(1, helper.invocations().size(), "the second call must not run the helper");
        }
    }

    @Test
    void affinityTravelsAsACpuListAndIsVerified() {
        Prerequisites.requireRoot();
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            int vcpu1 = vm.tid("CPU 1/KVM");

            Outcome<SchedulerResult> outcome = baton.setScheduler(
                    new SchedulerRequest(vm.pid(), List.of(vcpu1), SchedPolicy.FIFO, 1, List.of(0), false));

            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(List.of(0), ThreadScheduling.affinity(vcpu1));
            assertEquals(List.of(List.of("sched", "--pid", Integer.toString(vm.pid()), "--tid", Integer.toString(vcpu1),
                    "--policy", "fifo", "--priority", "1", "--cpus", "0")), helper.invocations());
        }
    }

    @Test
    void aThreadOfAnotherProcessFailsWithoutRunningTheHelper() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        int notItsThread = (int) ProcessHandle.current().pid(); // this JVM's main thread, not a thread of the VM
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            Outcome<SchedulerResult> outcome =
                    baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(notItsThread), SchedPolicy.OTHER, 0));

            ThreadSchedResult thread = outcome.result().threads().get(0);
            assertEquals(ThreadOutcome.FAILED, thread.outcome());
            assertEquals("no such process: thread " + notItsThread + " of pid " + vm.pid() + " does not exist",
                    thread.error());
            assertFalse(outcome.result().succeeded());
            assertEquals(List.of(), helper.invocations());
        }
    }
}
