package dev.baton.linux;

import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;

/**
 * Turns an errno into the SPI's typed error, in one place, so that every syscall wrapper words failures alike:
 * the operation, the target and the errno name.
 */
public final class KernelFailure {
    private KernelFailure() {}

    /**
     * @param errno      the errno the kernel returned
     * @param pid        the process (or thread) the call targeted, for ESRCH
     * @param operation  what was attempted, e.g. "set SCHED_FIFO priority 1 on thread 4243 of pid 4242"
     * @param capability the capability that would have allowed it, for EPERM; null if none would
     */
    public static BatonException of(int errno, int pid, String operation, String capability) {
        switch (errno) {
            case Errno.ESRCH:
                return new NoSuchProcessException(pid);
            case Errno.EPERM:
            case Errno.EACCES:
                if (capability != null) {
                    return new PermissionDeniedException(capability,
                            "permission denied: " + capability + " is required to " + operation);
                }
                return new PermissionDeniedException(null, "permission denied: cannot " + operation
                        + " (" + Errno.name(errno) + ")");
            default:
                return new OperationFailedException(errno, "cannot " + operation + ": " + Errno.name(errno));
        }
    }
}
