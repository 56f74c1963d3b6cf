package dev.baton.linux;

import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;

import java.util.OptionalInt;

/**
 * What a failed {@code pidfd_open(tid, PIDFD_THREAD)} means. Kernels before 6.9 do not know the flag and answer
 * EINVAL, the same errno they give for some bad ids; reporting that as "no such process" would send an operator
 * looking for a missing thread when the real fix is a newer kernel.
 */
final class ThreadPinFailure {
    private ThreadPinFailure() {}

    /**
     * @param errno                what pidfd_open returned
     * @param tid                  the thread that was to be pinned
     * @param kernelHasPidfdThread whether this kernel accepts PIDFD_THREAD ({@link KernelFeatures#pidfdThread()})
     * @param owner                the process whose thread {@code tid} is now (its Tgid), empty if there is none
     */
    static BatonException of(int errno, int tid, boolean kernelHasPidfdThread, OptionalInt owner) {
        if (errno == Errno.ESRCH) {
            return noSuchThread(tid);
        }
        if (errno == Errno.EINVAL && !kernelHasPidfdThread) {
            if (owner.isEmpty()) {
                return noSuchThread(tid);
            }
            return new OperationFailedException(errno, "cannot pin thread " + tid + " of pid " + owner.getAsInt()
                    + ": this kernel lacks PIDFD_THREAD (a pidfd_open(2) flag of Linux 6.9+), which Baton needs to"
                    + " act on single threads without racing tid reuse; run Baton on Linux 6.9 or later");
        }
        return KernelFailure.of(errno, tid, "open a pidfd for thread " + tid, null);
    }

    private static NoSuchProcessException noSuchThread(int tid) {
        return new NoSuchProcessException(tid, "no such thread " + tid);
    }
}
