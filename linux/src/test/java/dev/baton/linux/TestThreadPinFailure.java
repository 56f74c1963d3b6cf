package dev.baton.linux;

import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pidfd_open(tid, PIDFD_THREAD) failures. The kernel-too-old path (EINVAL from a kernel before 6.9) cannot happen on
 * a kernel that has PIDFD_THREAD, such as this 6.x machine, so its wording is tested through the errno mapping; the
 * paths this kernel can produce are tested for real.
 */
final class TestThreadPinFailure {
    @Test
    void einvalFromAKernelWithoutPidfdThreadSaysToUpgradeTheKernel() {
        BatonException e = ThreadPinFailure.of(Errno.EINVAL, 4243, false, OptionalInt.of(4242));
        OperationFailedException failed = assertInstanceOf(OperationFailedException.class, e);
        assertEquals(Errno.EINVAL, failed.errno());
        assertEquals("cannot pin thread 4243 of pid 4242: this kernel lacks PIDFD_THREAD (a pidfd_open(2) flag of"
                + " Linux 6.9+), which Baton needs to act on single threads without racing tid reuse; run Baton on"
                + " Linux 6.9 or later", e.getMessage());
    }

    @Test
    void einvalForAThreadThatIsGoneIsNoSuchThreadEvenOnAnOldKernel() {
        BatonException e = ThreadPinFailure.of(Errno.EINVAL, 4243, false, OptionalInt.empty());
        assertInstanceOf(NoSuchProcessException.class, e);
        assertEquals("no such thread 4243", e.getMessage());
    }

    @Test
    void einvalFromAKernelThatHasTheFlagIsReportedAsItIs() {
        BatonException e = ThreadPinFailure.of(Errno.EINVAL, 4243, true, OptionalInt.of(4242));
        assertEquals("cannot open a pidfd for thread 4243: EINVAL", e.getMessage());
    }

    @Test
    void thisKernelHasPidfdThreadAndTheProbeSaysSo() throws IOException {
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        String[] parts = release.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        assertEquals(major > 6 || (major == 6 && minor >= 9), KernelFeatures.pidfdThread(), "kernel " + release);
        assertTrue(KernelFeatures.pidfdThread(), "MISSION.md: this machine's kernel has PIDFD_THREAD (" + release + ")");
    }

    @Test
    void aThreadThatExitedIsNoSuchThread() {
        int tid;
        try (QemuLikeChild child = QemuLikeChild.start(1)) {
            tid = child.tid("worker");
        }
        NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> PidFd.openThread(tid));
        assertEquals("no such thread " + tid, e.getMessage());
        assertEquals(tid, e.pid());
    }
}
