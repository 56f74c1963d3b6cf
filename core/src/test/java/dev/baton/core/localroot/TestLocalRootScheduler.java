package dev.baton.core.localroot;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** scheduler through core, routed to local-root, on the threads of a QEMU-like child; checked with sched_get*. */
final class TestLocalRootScheduler {
    @BeforeEach
    void needsRoot() {
        Prerequisites.requireRoot();
    }

    @Test
    void vcpusGetFifo1AndThePitGetsFifo2WithVcpu0Affinity() {
        try (QemuLikeChild vm = QemuLikeChild.start(2); Baton baton = LocalRootBaton.start()) {
            Outcome<SchedulerResult> vcpus = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1));
            assertEquals(Verification.VERIFIED, vcpus.verification());
            assertTrue(vcpus.result().threads().stream().allMatch(t -> t.outcome() == ThreadOutcome.APPLIED));

            int vcpu0 = vm.tid("CPU 0/KVM");
            List<Integer> vcpu0Cpus = List.of(ThreadScheduling.affinity(vcpu0).get(0));
            Outcome<SchedulerResult> pit = baton.setScheduler(new SchedulerRequest(vm.pid(),
                    List.of(vm.tid("kvm-pit/42")), SchedPolicy.FIFO, 2, vcpu0Cpus, false));
            assertEquals(Verification.VERIFIED, pit.verification());

            for (int tid : vm.vcpuTids()) {
                SchedState state = ThreadScheduling.read(tid);
                assertEquals(SchedPolicy.FIFO, state.policy());
                assertEquals(1, state.priority());
            }
            SchedState pitState = ThreadScheduling.read(vm.tid("kvm-pit/42"));
            assertEquals(SchedPolicy.FIFO, pitState.policy());
            assertEquals(2, pitState.priority());
            assertEquals(vcpu0Cpus, pitState.cpus());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vm.tid("worker")).policy(), "untouched thread");

            Outcome<SchedulerResult> again = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1));
            assertTrue(again.result().threads().stream().allMatch(t -> t.outcome() == ThreadOutcome.UNCHANGED));
        }
    }

    @Test
    void resetOnForkIsMaskedWhenComparingAndKeptWhenSetting() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            int vcpu = vm.tid("CPU 0/KVM");
            ThreadScheduling.set(vm.pid(), vcpu, SchedPolicy.OTHER, 0, true);
            Outcome<SchedulerResult> outcome = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.RR, 5));
            assertEquals(Verification.VERIFIED, outcome.verification());
            SchedState state = ThreadScheduling.read(vcpu);
            assertEquals(SchedPolicy.RR, state.policy());
            assertTrue(state.resetOnFork());
        }
    }

    @Test
    void resetOnForkIsSetOnRequestSoNewThreadsStartAsOther() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            int vcpu = vm.tid("CPU 0/KVM");
            Outcome<SchedulerResult> outcome = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1).withResetOnFork());
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertTrue(outcome.result().threads().get(0).after().resetOnFork());
            assertTrue(ThreadScheduling.read(vcpu).resetOnFork());
            // Asking again without the flag changes nothing: it is never cleared.
            Outcome<SchedulerResult> again = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1));
            assertEquals(ThreadOutcome.UNCHANGED, again.result().threads().get(0).outcome());
            assertTrue(ThreadScheduling.read(vcpu).resetOnFork());
        }
    }

    @Test
    void aTargetNamedByAnotherStartTimeIsRefusedBeforeAnythingChanges() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); Baton baton = LocalRootBaton.start()) {
            int vcpu = vm.tid("CPU 0/KVM");
            long startTime = ProcFs.stat(vm.pid()).startTime();
            // As if the process the caller meant had exited and this one had been given its pid.
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1).withStartTime(startTime + 1)));
            assertTrue(e.getMessage().startsWith("process " + vm.pid() + " was replaced"), e.getMessage());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy());
            Outcome<SchedulerResult> right = baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1).withStartTime(startTime));
            assertEquals(Verification.VERIFIED, right.verification());
        }
    }

    @Test
    void allOrNothingRestoresEveryThreadIncludingTheHalfChangedOneWhenALaterOneFails() {
        Prerequisites.requireCgroupV1Cpuset();
        Prerequisites.require(Runtime.getRuntime().availableProcessors() >= 2, "it needs at least 2 CPUs");
        // CPU 1/KVM is confined to a cpuset of CPU 0, so pinning it to CPU 1 fails (EINVAL) after CPU 0/KVM changed
        // completely and after CPU 1/KVM's own policy was already set: it is left half-changed unless restored.
        try (TestCgroup confined = TestCgroup.v1Cpuset(false);
             QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = LocalRootBaton.start()) {
            confined.write("cpuset.mems", TestCgroup.read(TestCgroup.V1_CPUSET.resolve("cpuset.mems")));
            confined.write("cpuset.cpus", "0");
            int vcpu0 = vm.tid("CPU 0/KVM");
            int vcpu1 = vm.tid("CPU 1/KVM");
            int worker = vm.tid("worker");
            confined.write("tasks", vcpu1 + "\n");
            List<Integer> tids = List.of(vcpu0, vcpu1, worker);
            Map<Integer, SchedState> before = states(tids);
            assertEquals(List.of(0), before.get(vcpu1).cpus(), "the cpuset confines CPU 1/KVM to CPU 0");

            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.setScheduler(
                    new SchedulerRequest(vm.pid(), tids, SchedPolicy.FIFO, 1, List.of(1), true)));
            assertEquals("cannot set the CPU affinity of thread " + vcpu1 + " of pid " + vm.pid() + " to 1: EINVAL",
                    e.getMessage());
            assertEquals(before, states(tids), "every thread, the failing one included, is as it was");

            // Without all-or-nothing the same call reports per thread, and core verifies what it claims. The failing
            // thread is reported as it really is afterwards: FIFO 1 (set before its affinity was refused), on CPU 0.
            Outcome<SchedulerResult> partial = baton.setScheduler(
                    new SchedulerRequest(vm.pid(), tids, SchedPolicy.FIFO, 1, List.of(1), false));
            assertEquals(Verification.VERIFIED, partial.verification());
            assertFalse(partial.succeeded());
            List<ThreadSchedResult> threads = partial.result().threads();
            assertEquals(List.of(ThreadOutcome.APPLIED, ThreadOutcome.FAILED, ThreadOutcome.APPLIED),
                    threads.stream().map(ThreadSchedResult::outcome).toList());
            ThreadSchedResult failed = threads.get(1);
            assertEquals(e.getMessage(), failed.error());
            assertEquals(before.get(vcpu1), failed.before());
            assertEquals(new SchedState(SchedPolicy.FIFO, 1, false, List.of(0)), failed.after());
            assertEquals(failed.after(), ThreadScheduling.read(vcpu1));
            assertEquals(SchedPolicy.FIFO, ThreadScheduling.read(vcpu0).policy());
            vm.close(); // the cgroup can only be removed once its threads are gone
        }
    }

    @Test
    void aBatchInWhichEveryThreadFailsIsNotASuccessAndAllOrNothingUndoesEvenTheFirst() {
        // CPU 1000 passes request validation (it could exist) but not the kernel here: sched_setaffinity says EINVAL,
        // after each thread's policy was already set.
        Prerequisites.require(!Files.exists(Path.of("/sys/devices/system/cpu/cpu1000")), "CPU 1000 must not exist");
        try (QemuLikeChild vm = QemuLikeChild.start(2); Baton baton = LocalRootBaton.start()) {
            List<Integer> vcpus = vm.vcpuTids();
            Map<Integer, SchedState> before = states(vcpus);

            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.setScheduler(
                    new SchedulerRequest(vm.pid(), vcpus, SchedPolicy.FIFO, 1, List.of(1000), true)));
            assertEquals("cannot set the CPU affinity of thread " + vcpus.get(0) + " of pid " + vm.pid()
                    + " to 1000: EINVAL", e.getMessage());
            assertEquals(before, states(vcpus));

            Outcome<SchedulerResult> outcome = baton.setScheduler(
                    new SchedulerRequest(vm.pid(), vcpus, SchedPolicy.FIFO, 1, List.of(1000), false));
            assertFalse(outcome.succeeded(), "a batch in which every thread failed must not read as a success");
            assertFalse(outcome.result().succeeded());
            assertEquals(Verification.VERIFIED, outcome.verification(), "no success was claimed, so none is wrong");
            for (ThreadSchedResult thread : outcome.result().threads()) {
                assertEquals(ThreadOutcome.FAILED, thread.outcome());
                assertEquals("cannot set the CPU affinity of thread " + thread.tid() + " of pid " + vm.pid()
                        + " to 1000: EINVAL", thread.error());
                assertEquals(before.get(thread.tid()), thread.before());
                assertEquals(new SchedState(SchedPolicy.FIFO, 1, false, before.get(thread.tid()).cpus()),
                        thread.after(), "the policy went through; the affinity did not");
                assertEquals(thread.after(), ThreadScheduling.read(thread.tid()));
            }
        }
    }

    @Test
    void aThreadOfAnotherProcessIsRefusedBeforeAnythingChanges() {
        try (QemuLikeChild vm = QemuLikeChild.start(1); QemuLikeChild other = QemuLikeChild.start(1);
             Baton baton = LocalRootBaton.start()) {
            int own = vm.tid("CPU 0/KVM");
            int foreign = other.tid("CPU 0/KVM");
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(own, foreign), SchedPolicy.FIFO, 1)));
            assertEquals("invalid request: tids include thread " + foreign + ", which belongs to pid " + other.pid()
                    + ", not to pid " + vm.pid(), e.getMessage());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(own).policy());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(foreign).policy());
        }
    }

    @Test
    void anExitedProcessIsNoSuchProcess() {
        QemuLikeChild vm = QemuLikeChild.start(1);
        int tid = vm.tid("CPU 0/KVM");
        vm.close();
        try (Baton baton = LocalRootBaton.start()) {
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(tid), SchedPolicy.FIFO, 1)));
            assertEquals("no such process " + vm.pid(), e.getMessage());
        }
    }

    @Test
    void aPriorityOutOfRangeIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> SchedulerRequest.of(4242, List.of(4242), SchedPolicy.FIFO, 100));
        assertEquals("invalid request: priority for SCHED_FIFO must be 1..99 (got 100)", e.getMessage());
        InvalidRequestException other = assertThrows(InvalidRequestException.class,
                () -> SchedulerRequest.of(4242, List.of(4242), SchedPolicy.OTHER, 1));
        assertEquals("invalid request: priority for SCHED_OTHER must be 0 (got 1)", other.getMessage());
    }

    private static Map<Integer, SchedState> states(List<Integer> tids) {
        Map<Integer, SchedState> states = new LinkedHashMap<>();
        tids.forEach(tid -> states.put(tid, ThreadScheduling.read(tid)));
        return states;
    }
}
