package dev.baton.linux;

import com.sun.jna.LastErrorException;

/** Probes for the kernel features Baton relies on, for {@code baton doctor}. Each probe is harmless. */
public final class KernelFeatures {
    private static final int AF_UNIX = 1;
    private static final int SOCK_STREAM = 1;
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERPIDFD = 77;

    private KernelFeatures() {}

    /** pidfd_open(2), Linux 5.3+. */
    public static boolean pidfd() {
        try (PidFd self = PidFd.open((int) ProcessHandle.current().pid())) {
            return self.isAlive();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * PIDFD_THREAD, Linux 6.9+: older kernels reject the unknown flag with EINVAL. Probed once, on the calling
     * thread, which certainly exists; the kernel does not change under a running JVM.
     */
    public static boolean pidfdThread() {
        return PidfdThreadProbe.SUPPORTED;
    }

    private static final class PidfdThreadProbe {
        static final boolean SUPPORTED = probe();

        /**
         * Only EINVAL, the kernel not knowing the flag, means "unsupported". Anything else (EMFILE, ENOMEM) says
         * nothing about the kernel, and remembering it as "unsupported" would blame every later failure on it.
         */
        private static boolean probe() {
            try {
                LibC.close(LibC.pidfd_open(LibC.gettid(), PidFd.PIDFD_THREAD));
                return true;
            } catch (LastErrorException e) {
                return e.getErrorCode() != Errno.EINVAL;
            }
        }
    }

    /** SO_PEERPIDFD, Linux 6.5+: a pidfd for the peer of a Unix socket, which batond needs to pin callers. */
    public static boolean soPeerPidfd() {
        int[] pair = new int[2];
        try {
            LibC.socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
        } catch (LastErrorException e) {
            return false;
        }
        try {
            int[] value = new int[1];
            LibC.getsockopt(pair[0], SOL_SOCKET, SO_PEERPIDFD, value, new int[] {4});
            LibC.close(value[0]);
            return true;
        } catch (LastErrorException e) {
            return false;
        } finally {
            LibC.close(pair[0]);
            LibC.close(pair[1]);
        }
    }
}
