package dev.baton.linux;

import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TestProcReads {
    @Test
    void statIsParsedAfterTheLastParenthesis() {
        String line = "4242 (evil) 1 2 (x) S 17 4242 4242 0 -1 2097216 1 2 3 4 5 6 7 8 20 0 9 0 123456 1000 10";
        ProcStat stat = ProcStat.parse(4242, line);
        assertEquals("evil) 1 2 (x", stat.comm());
        assertEquals("S", stat.state());
        assertEquals(17, stat.ppid());
        assertEquals(123456L, stat.startTime());
        assertEquals(2097216L, stat.flags());
        assertTrue(stat.isKernelThread(), "0x200040 has PF_KTHREAD (0x200000) set");
    }

    @Test
    void kthreaddIsAKernelThreadAndWeAreNot() {
        assertTrue(ProcFs.stat(2).isKernelThread(), "pid 2 is kthreadd");
        assertFalse(ProcFs.stat((int) ProcessHandle.current().pid()).isKernelThread());
    }

    @Test
    void readsARealChildAndItsNamedThreads() {
        try (QemuLikeChild child = QemuLikeChild.start(2)) {
            int pid = child.pid();
            assertEquals(ProcessHandle.current().pid(), ProcFs.stat(pid).ppid());
            assertEquals(pid, ProcFs.threadStatus(pid, child.tid("CPU 1/KVM")).tgid());
            assertEquals("CPU 1/KVM", ProcFs.threadName(pid, child.tid("CPU 1/KVM")));
            assertEquals("kvm-pit/42", ProcFs.threadName(pid, child.tid("kvm-pit/42")));
            assertTrue(ProcFs.threadIds(pid).containsAll(child.threads().values()));
            assertFalse(ProcFs.cgroups(pid).isEmpty());
            assertEquals(ProcFs.memlockLimits(pid), ResourceLimits.memlock(pid));

            SchedState state = ThreadScheduling.read(child.tid("CPU 0/KVM"));
            assertEquals(SchedPolicy.OTHER, state.policy());
            assertEquals(0, state.priority());
            assertEquals(ThreadScheduling.affinity(child.tid("CPU 0/KVM")), state.cpus());
        }
    }

    @Test
    void pinnedProcessNoticesExitAndReap() {
        QemuLikeChild child = QemuLikeChild.start(1);
        PinnedProcess pinned;
        try {
            pinned = PinnedProcess.pin(child.pid());
            pinned.ensureStillSame();
        } finally {
            child.close();
        }
        try (pinned) {
            assertFalse(pinned.pidFd().isAlive());
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, pinned::ensureStillSame);
            assertEquals("process " + child.pid() + " exited during the operation", e.getMessage());
        }
    }

    @Test
    void aPinWithAnotherStartTimeIsRefusedAsAReplacedProcess() {
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            long startTime = ProcFs.stat(child.pid()).startTime();
            try (PinnedProcess same = PinnedProcess.pin(child.pid(), OptionalLong.of(startTime))) {
                assertEquals(startTime, same.startTime());
            }
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class,
                    () -> PinnedProcess.pin(child.pid(), OptionalLong.of(startTime - 1)));
            assertEquals("process " + child.pid() + " was replaced: the caller means the process started at tick "
                    + (startTime - 1) + ", but pid " + child.pid() + " now belongs to one started at tick " + startTime
                    + " (the first exited and its pid was reused)", e.getMessage());
        }
    }

    @Test
    void statusHasEveryUidAndGidAndTheCapabilitySets() {
        ProcStatus self = ProcFs.status((int) ProcessHandle.current().pid());
        String text = "Name:\tx\nTgid:\t7\nPPid:\t1\nUid:\t1000\t0\t1000\t0\nGid:\t100\t100\t100\t100\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n";
        ProcStatus setuidRoot = ProcStatus.parse(7, text);
        assertEquals(List.of(1000, 0, 1000, 0), List.of(setuidRoot.uid(), setuidRoot.euid(), setuidRoot.suid(),
                setuidRoot.fsuid()));
        assertFalse(setuidRoot.runsEntirelyAs(1000, 100), "euid 0 is a set-user-ID program");
        assertTrue(ProcStatus.parse(7, text.replace("1000\t0\t1000\t0", "1000\t1000\t1000\t1000"))
                .runsEntirelyAs(1000, 100));
        ProcStatus withCaps = ProcStatus.parse(7, text.replace("CapPrm:\t0000000000000000", "CapPrm:\t0000000000002000"));
        assertEquals(0x2000L, withCaps.capPermitted(), "CAP_NET_RAW (13)");
        assertThrows(OperationFailedException.class, () -> ProcStatus.parse(7, text.replace("CapEff", "CapXyz")),
                "a status without CapEff is not trusted");
        if (self.uid() == 0) {
            assertTrue(self.capPermitted() != 0, "root holds capabilities");
        }
    }

    @Test
    void threadPidfdPinsANonLeaderThread() {
        try (QemuLikeChild child = QemuLikeChild.start(1); PidFd thread = PidFd.openThread(child.tid("worker"))) {
            assertTrue(thread.isAlive());
            // Without PIDFD_THREAD a non-leader tid is not a process.
            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> PidFd.open(child.tid("worker")));
            assertEquals("no such process " + child.tid("worker") + ": it is a thread id, not a process id",
                    e.getMessage());
        }
    }

    @Test
    void priorityRangeComesFromTheKernel() {
        assertEquals(1, ThreadScheduling.minPriority(SchedPolicy.FIFO));
        assertEquals(99, ThreadScheduling.maxPriority(SchedPolicy.RR));
        assertEquals(List.of(0), List.of(ThreadScheduling.maxPriority(SchedPolicy.OTHER)));
    }
}
