package dev.baton.linux;

import com.sun.jna.LastErrorException;
import dev.baton.spi.error.NoSuchProcessException;

/**
 * The capability sets of a process, from capget(2). Any process may read any other's, and it is one syscall where
 * /proc/PID/status renders two dozen lines; batond asks for every call that has a target.
 */
public record ProcessCapabilities(int pid, long effective, long permitted) {
    /** _LINUX_CAPABILITY_VERSION_3: 64-bit sets, in two 32-bit halves. */
    private static final int VERSION_3 = 0x20080522;

    /** Throws {@link NoSuchProcessException} if {@code pid} has exited. */
    public static ProcessCapabilities of(int pid) {
        if (pid <= 0) {
            // capget(2) reads pid 0 as "the calling thread": batond's own full set, for a peer whose pid the kernel
            // could not name (SO_PEERCRED gives 0 outside batond's pid namespace). That must never stand in for it.
            throw new NoSuchProcessException(pid, "no such process " + pid);
        }
        int[] header = {VERSION_3, pid};
        int[] data = new int[6];
        try {
            LibC.capget(header, data);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) {
                throw new NoSuchProcessException(pid, "no such process " + pid);
            }
            throw KernelFailure.of(e.getErrorCode(), pid, "read the capabilities of pid " + pid, null);
        }
        return new ProcessCapabilities(pid, join(data[0], data[3]), join(data[1], data[4]));
    }

    /** Both sets together: what the process holds or may raise. */
    public long any() {
        return effective | permitted;
    }

    private static long join(int low, int high) {
        return (Integer.toUnsignedLong(high) << 32) | Integer.toUnsignedLong(low);
    }
}
