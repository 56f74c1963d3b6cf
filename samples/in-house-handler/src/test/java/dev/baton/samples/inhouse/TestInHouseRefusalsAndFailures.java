package dev.baton.samples.inhouse;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.StartupException;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NotAuthorizedException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Everything that must not reach the helper, and every way the helper can fail, through core and the real jar.
 * None of these changes a thread's policy, so none needs root.
 */
final class TestInHouseRefusalsAndFailures {
    @TempDir
    Path dir;

    @Test
    void aPolicyOutsideTheAllowListIsNotAuthorizedAndTheHelperNeverRuns() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper, Map.of("allow", "sched:fifo,memlock"))) {
            int vcpu = vm.vcpuTids().get(0);

            NotAuthorizedException e = assertThrows(NotAuthorizedException.class,
                    () -> baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.RR, 1)));

            assertEquals("not authorized: in-house forwards only allow=sched:fifo,memlock maxPriority=2; SCHED_RR"
                    + " for pid " + vm.pid() + " is not allowed (plugins.in-house.allow)", e.getMessage());
            assertEquals(List.of(), helper.invocations());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vcpu).policy());
        }
    }

    @Test
    void aPriorityAboveMaxPriorityIsNotAuthorized() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper, Map.of("maxPriority", "1"))) {
            NotAuthorizedException e = assertThrows(NotAuthorizedException.class, () -> baton.setScheduler(
                    SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 2)));

            assertEquals("not authorized: in-house forwards real-time priorities up to 1 (plugins.in-house.maxPriority);"
                    + " pid " + vm.pid() + " asked for SCHED_FIFO priority 2", e.getMessage());
            assertEquals(List.of(), helper.invocations());
        }
    }

    @Test
    void memlockOutsideTheAllowListIsNotAuthorized() {
        TestingSiteHelper helper = TestingSiteHelper.working(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper, Map.of("allow", "sched"))) {
            NotAuthorizedException e = assertThrows(NotAuthorizedException.class, () -> baton.setMaxMemlock(
                    new MemlockRequest(vm.pid(), MemlockLimit.ofBytes(1 << 20), false)));

            assertEquals("not authorized: in-house forwards only allow=sched maxPriority=2; memlock for pid " + vm.pid()
                    + " is not allowed (plugins.in-house.allow)", e.getMessage());
            assertEquals(List.of(), helper.invocations());
        }
    }

    @Test
    void aFailingHelperIsAnOperationFailedCarryingItsEscapedStderr() {
        TestingSiteHelper helper = TestingSiteHelper.failing(dir, 3, "site-rt-helper: pid is not a VM\n\u001b[31mno");
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            MemlockRequest request = new MemlockRequest(vm.pid(), MemlockLimit.ofBytes(1 << 20), false);

            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.setMaxMemlock(request));

            assertEquals("site helper '" + helper.program() + " memlock --pid " + vm.pid() + " --bytes 1048576' exited"
                    + " with status 3: stderr: 'site-rt-helper: pid is not a VM\\n\\u001b[31mno'", e.getMessage());
            assertEquals(1, helper.invocations().size());
        }
    }

    @Test
    void inABatchAFailingHelperFailsEachThreadAndAllOrNothingFailsTheCall() {
        TestingSiteHelper helper = TestingSiteHelper.failing(dir, 1, "busy");
        try (QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            Outcome<SchedulerResult> batch =
                    baton.setScheduler(SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1));

            assertTrue(batch.result().threads().stream().allMatch(t -> t.outcome() == ThreadOutcome.FAILED));
            assertTrue(batch.result().threads().get(0).error().endsWith("exited with status 1: stderr: 'busy'"),
                    batch.result().threads().get(0).error());
            assertEquals(2, helper.invocations().size());

            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.setScheduler(
                    new SchedulerRequest(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1, List.of(), true)));
            assertTrue(e.getMessage().endsWith("exited with status 1: stderr: 'busy'"), e.getMessage());
            assertEquals(3, helper.invocations().size(), "all-or-nothing stops at the first failure");
        }
    }

    @Test
    void aHelperThatClaimsSuccessWithoutActingIsCaughtByCoresVerification() {
        TestingSiteHelper helper = TestingSiteHelper.claimingSuccess(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, helper)) {
            int vcpu = vm.vcpuTids().get(0);
            VerificationFailedException sched = assertThrows(VerificationFailedException.class,
                    () -> baton.setScheduler(SchedulerRequest.of(vm.pid(), List.of(vcpu), SchedPolicy.FIFO, 1)));
            assertEquals("verification failed: scheduling of thread " + vcpu + " of pid " + vm.pid()
                    + ": expected SCHED_FIFO/1, actual SCHED_OTHER/0", sched.getMessage());

            MemlockLimit lower = MemlockLimit.ofBytes(64 << 10);
            VerificationFailedException memlock = assertThrows(VerificationFailedException.class,
                    () -> baton.setMaxMemlock(new MemlockRequest(vm.pid(), lower, false)));
            assertEquals("verification failed: memlock of pid " + vm.pid() + " (handler's own result): expected"
                    + " soft=hard=64 KiB, actual " + ProcFs.memlockLimits(vm.pid()), memlock.getMessage());
        }
    }

    @Test
    void aHelperThatDoesNotExistGivesAnActionableMessage() {
        Path missing = dir.resolve("sbin/site-rt-helper");
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = TestingInHouseBaton.start(dir, missing.toString(), Map.of())) {
            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.setMaxMemlock(
                    new MemlockRequest(vm.pid(), MemlockLimit.ofBytes(1 << 20), false)));

            assertEquals("the site helper " + missing + " does not exist: install it there, or set"
                    + " plugins.in-house.helper in conf/baton.yaml to the absolute path of the helper", e.getMessage());
        }
    }

    @Test
    void aRelativeHelperPathFailsStartupNamingTheSetting() {
        StartupException e = assertThrows(StartupException.class,
                () -> TestingInHouseBaton.start(dir, "site-rt-helper", Map.of()).close());

        assertTrue(e.getMessage().contains("plugins.in-house.helper must be an absolute path without '.' or '..'"
                + " components, e.g. /usr/local/sbin/site-rt-helper (got 'site-rt-helper')"), e.getMessage());
    }
}
