package dev.baton.linux;

import com.sun.jna.LastErrorException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;

/** RLIMIT_MEMLOCK through prlimit64(2). */
public final class ResourceLimits {
    private static final int RLIMIT_MEMLOCK = 8;

    private ResourceLimits() {}

    /**
     * Reads the memlock limits of {@code pid} with prlimit64. Reading another user's process needs
     * CAP_SYS_RESOURCE; unprivileged callers use {@link ProcFs#memlockLimits(int)} instead.
     */
    public static MemlockLimits memlock(int pid) {
        long[] old = new long[2];
        try {
            LibC.prlimit64(pid, RLIMIT_MEMLOCK, null, old);
        } catch (LastErrorException e) {
            throw KernelFailure.of(e.getErrorCode(), pid, "read the memlock limit of pid " + pid,
                    "CAP_SYS_RESOURCE");
        }
        return new MemlockLimits(new MemlockLimit(old[0]), new MemlockLimit(old[1]));
    }

    /**
     * Sets soft and hard memlock limits of {@code pid} and returns the limits it had before.
     *
     * <p>The kernel answers EPERM when the new hard limit is above the current one and the caller lacks
     * CAP_SYS_RESOURCE, so that is what the message names.
     */
    public static MemlockLimits setMemlock(int pid, MemlockLimits limits, MemlockLimits current) {
        long[] wanted = {limits.soft().bytes(), limits.hard().bytes()};
        long[] old = new long[2];
        try {
            LibC.prlimit64(pid, RLIMIT_MEMLOCK, wanted, old);
        } catch (LastErrorException e) {
            String operation = current.hard().covers(limits.hard())
                    ? "set the memlock limit of pid " + pid + " to " + limits.hard()
                    : "raise the hard memlock limit of pid " + pid + " from " + current.hard() + " to "
                    + limits.hard();
            throw KernelFailure.of(e.getErrorCode(), pid, operation, "CAP_SYS_RESOURCE");
        }
        return new MemlockLimits(new MemlockLimit(old[0]), new MemlockLimit(old[1]));
    }
}
