package dev.baton.core;

import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.VerificationFailedException;
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
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Core re-reads the real state of a real child process after each handler and catches handlers that lie. */
final class TestVerification {
    private static Baton.Builder builder() {
        return Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false);
    }

    @Test
    void aHandlerClaimingFifoWhileTheThreadStaysOtherIsCaught() {
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.SCHEDULER, request -> {
                 // Lies: reports SCHED_FIFO 1 without calling sched_setscheduler.
                 SchedState before = ThreadScheduling.read(request.tids().get(0));
                 SchedState claimed = new SchedState(SchedPolicy.FIFO, 1, false, before.cpus());
                 return new SchedulerResult(request.pid(), List.of(new ThreadSchedResult(request.tids().get(0),
                         before, claimed, ThreadOutcome.APPLIED, null)));
             }).build()) {
            int vcpu = vm.tid("CPU 0/KVM");
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1)));
            assertEquals("verification failed: scheduling of thread " + vcpu + " of pid " + vm.pid()
                    + ": expected SCHED_FIFO/1, actual SCHED_OTHER/0", e.getMessage());
            assertEquals("SCHED_FIFO/1", e.expected());
            assertEquals("SCHED_OTHER/0", e.actual());
        }
    }

    @Test
    void aHandlerThatSetsThePolicyButIgnoresResetOnForkIsCaught() {
        Prerequisites.requireRoot();
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.SCHEDULER, request -> {
                 // Half-honest: sets SCHED_FIFO for real, but drops the SCHED_RESET_ON_FORK the request asked for.
                 int tid = request.tids().get(0);
                 SchedState before = ThreadScheduling.read(tid);
                 ThreadScheduling.set(request.pid(), tid, request.policy(), request.priority(), false);
                 return new SchedulerResult(request.pid(), List.of(new ThreadSchedResult(tid, before,
                         ThreadScheduling.read(tid), ThreadOutcome.APPLIED, null)));
             }).build()) {
            int vcpu = vm.tid("CPU 0/KVM");
            VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1).withResetOnFork()));
            assertEquals("SCHED_FIFO/1+RESET_ON_FORK", e.expected());
            assertEquals("SCHED_FIFO/1 without SCHED_RESET_ON_FORK", e.actual());
        }
    }

    @Test
    void aHandlerClaimingARaisedMemlockLimitIsCaught() {
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.MEMLOCK, request -> {
                 MemlockLimits before = ProcFs.memlockLimits(request.pid());
                 return new MemlockResult(request.pid(), before, MemlockLimits.both(request.limit()), true);
             }).build()) {
            MemlockLimits real = ProcFs.memlockLimits(vm.pid());
            MemlockLimit wanted = MemlockLimit.ofBytes(real.hard().bytes() + (1 << 20));
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), wanted)));
            assertEquals("verification failed: memlock of pid " + vm.pid() + ": expected soft=hard=" + wanted
                    + ", actual " + real, e.getMessage());
        }
    }

    @Test
    void aHandlerWhoseResultDoesNotSatisfyTheRequestIsCaught() {
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.MEMLOCK, request -> {
                 MemlockLimits now = ProcFs.memlockLimits(request.pid());
                 return new MemlockResult(request.pid(), now, now, false); // "nothing to do", even when there is
             }).build()) {
            MemlockLimits real = ProcFs.memlockLimits(vm.pid());
            MemlockLimit wanted = MemlockLimit.ofBytes(real.hard().bytes() * 2 + 4096);
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> baton.setMaxMemlock(MemlockRequest.raiseTo(vm.pid(), wanted)));
            assertEquals("verification failed: memlock of pid " + vm.pid() + " (handler's own result): expected at"
                    + " least soft=hard=" + wanted + ", actual " + real, e.getMessage());
        }
    }

    @Test
    void anHonestHandlerIsVerified() {
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.INSPECT, request -> {
                 var stat = ProcFs.stat(request.pid());
                 var status = ProcFs.status(request.pid());
                 return new InspectResult(request.pid(), "/usr/bin/java", status.uid(), status.euid(), status.gid(),
                         status.egid(), stat.ppid(), stat.startTime(), stat.state(), ProcFs.cgroups(request.pid()),
                         ProcFs.memlockLimits(request.pid()));
             }).build()) {
            Outcome<InspectResult> outcome = baton.inspect(new InspectRequest(vm.pid()));
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals("code", outcome.backend());
        }
    }

    @Test
    void aSnapshotOfAnotherProcessIsCaught() {
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = builder().handler(Hook.INSPECT, request -> {
                 var stat = ProcFs.stat(request.pid());
                 var status = ProcFs.status(request.pid());
                 return new InspectResult(request.pid(), "/usr/bin/java", status.uid(), status.euid(), status.gid(),
                         status.egid(), stat.ppid(), stat.startTime() - 1, stat.state(), List.of(),
                         ProcFs.memlockLimits(request.pid()));
             }).build()) {
            long start = ProcFs.stat(vm.pid()).startTime();
            VerificationFailedException e = assertThrows(VerificationFailedException.class,
                    () -> baton.inspect(new InspectRequest(vm.pid())));
            assertEquals("verification failed: start time of pid " + vm.pid() + ": expected " + (start - 1)
                    + ", actual " + start, e.getMessage());
        }
    }
}
