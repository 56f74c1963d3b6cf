package dev.baton.linux;

import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NoSuchProcessException;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nested pins on one thread, capget(2), and the one-stat(2) thread membership check, on real processes. */
final class TestPinsAndCapabilities {
    @Test
    void aNestedPinReusesTheOuterPidfdAndOnlyTheOuterCloseReleasesIt() {
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            PinnedProcess outer = PinnedProcess.pin(child.pid());
            try (outer) {
                try (PinnedProcess inner = PinnedProcess.pin(child.pid(), OptionalLong.of(outer.startTime()))) {
                    assertSame(outer.pidFd(), inner.pidFd(), "the inner pin needs no pidfd of its own");
                    assertEquals(outer.startTime(), inner.startTime());
                    inner.ensureStillSame();
                }
                assertTrue(outer.pidFd().isAlive(), "closing the inner pin leaves the outer one intact");
                outer.ensureStillSame();
            }
            assertFalse(outer.pidFd().isAlive(), "a closed pidfd proves nothing and says so");
            try (PinnedProcess fresh = PinnedProcess.pin(child.pid())) {
                assertNotSame(outer.pidFd(), fresh.pidFd(), "after the outer pin closed, a pin starts afresh");
            }
        }
    }

    @Test
    void anInnerPinThatOutlivesItsOuterPinFailsClosed() {
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            PinnedProcess outer = PinnedProcess.pin(child.pid());
            PinnedProcess inner = PinnedProcess.pin(child.pid());
            outer.close();
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, inner::ensureStillSame);
            assertEquals("process " + child.pid() + " exited during the operation", e.getMessage());
            inner.close();
        }
    }

    @Test
    void aNestedPinStillRefusesAnotherStartTimeAndAnExitedProcess() {
        QemuLikeChild child = QemuLikeChild.start(1);
        try (PinnedProcess outer = PinnedProcess.pin(child.pid())) {
            assertThrows(NoSuchProcessException.class,
                    () -> PinnedProcess.pin(child.pid(), OptionalLong.of(outer.startTime() + 1)));
            child.close(); // killed and reaped: the outer pidfd now reports ESRCH
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> PinnedProcess.pin(child.pid()));
            assertEquals("process " + child.pid() + " exited during the operation", e.getMessage());
        } finally {
            child.close();
        }
    }

    @Test
    void pinsOnAnotherThreadAreIndependent() throws Exception {
        try (QemuLikeChild child = QemuLikeChild.start(1); PinnedProcess mine = PinnedProcess.pin(child.pid())) {
            PidFd theirs = CompletableFuture.supplyAsync(() -> {
                try (PinnedProcess other = PinnedProcess.pin(child.pid())) {
                    return other.pidFd();
                }
            }).get();
            assertNotSame(mine.pidFd(), theirs, "a pin held by this thread proves nothing to another thread");
            assertFalse(theirs.isAlive(), "the other thread's own pin was closed by its owner");
            assertTrue(mine.pidFd().isAlive());
        }
    }

    @Test
    void capgetAgreesWithProcStatus() {
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            for (int pid : new int[] {1, (int) ProcessHandle.current().pid(), child.pid()}) {
                ProcStatus status = ProcFs.status(pid);
                ProcessCapabilities caps = ProcessCapabilities.of(pid);
                assertEquals(status.capPermitted(), caps.permitted(), "CapPrm of pid " + pid);
                assertEquals(status.capEffective(), caps.effective(), "CapEff of pid " + pid);
            }
        }
    }

    @Test
    void capgetOfAnExitedProcessIsNoSuchProcess() {
        QemuLikeChild child = QemuLikeChild.start(1);
        int pid = child.pid();
        child.close();
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> ProcessCapabilities.of(pid));
        assertEquals("no such process " + pid, e.getMessage());
    }

    @Test
    void threadMembershipIsAnsweredByTheTaskDirectory() {
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            int worker = child.tid("worker");
            int self = (int) ProcessHandle.current().pid();
            assertTrue(ProcFs.isThreadOf(child.pid(), worker));
            assertTrue(ProcFs.isThreadOf(child.pid(), child.pid()), "the leader is a thread of its own group");
            assertFalse(ProcFs.isThreadOf(self, worker), "a thread of another process");
            assertFalse(ProcFs.isThreadOf(child.pid(), Integer.MAX_VALUE), "no such thread");
        }
    }

    @Test
    void theRealtimeCheckAgreesWithTheFullRead() {
        dev.baton.linux.testing.Prerequisites.requireRoot(); // SCHED_FIFO needs CAP_SYS_NICE
        try (QemuLikeChild child = QemuLikeChild.start(2)) {
            int vcpu = child.tid("CPU 0/KVM");
            int other = child.tid("CPU 1/KVM");
            ThreadScheduling.set(child.pid(), vcpu, dev.baton.spi.hook.SchedPolicy.FIFO, 1, true);
            assertTrue(ThreadScheduling.isRealtime(vcpu), "FIFO, with SCHED_RESET_ON_FORK masked off");
            assertEquals(ThreadScheduling.read(vcpu).policy().isRealtime(), ThreadScheduling.isRealtime(vcpu));
            assertFalse(ThreadScheduling.isRealtime(other));
            child.close();
            assertThrows(NoSuchProcessException.class, () -> ThreadScheduling.isRealtime(vcpu));
        }
    }
}
