package dev.baton.linux;

import com.sun.jna.LastErrorException;
import dev.baton.spi.error.NoSuchProcessException;

/**
 * A pidfd: a file descriptor that refers to one process (or, with PIDFD_THREAD, one thread) for as long as it is
 * open. While the pidfd reports the process alive, its pid cannot have been recycled, which is what makes
 * "check, act, check again" safe against pid reuse.
 */
public final class PidFd implements AutoCloseable {
    /** PIDFD_THREAD equals O_EXCL (include/uapi/linux/pidfd.h), kernel 6.9+. */
    private static final int PIDFD_THREAD = 0x80;

    private final int fd;
    private final int pid;
    private boolean closed;

    private PidFd(int fd, int pid) {
        this.fd = fd;
        this.pid = pid;
    }

    /** Pins the thread-group leader {@code pid}. */
    public static PidFd open(int pid) {
        return open(pid, 0, "process");
    }

    /** Pins the single thread {@code tid}, which need not be a thread-group leader. */
    public static PidFd openThread(int tid) {
        return open(tid, PIDFD_THREAD, "thread");
    }

    /** Adopts a pidfd obtained elsewhere (SO_PEERPIDFD); the new object owns it and closes it. */
    public static PidFd adopt(int fd, int pid) {
        return new PidFd(fd, pid);
    }

    private static PidFd open(int id, int flags, String what) {
        try {
            return new PidFd(LibC.pidfd_open(id, flags), id);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) {
                throw new NoSuchProcessException(id, "no such " + what + " " + id);
            }
            if (e.getErrorCode() == Errno.ENOENT || e.getErrorCode() == Errno.EINVAL) {
                // Without PIDFD_THREAD the kernel refuses a thread that is not a group leader (ENOENT since 6.9,
                // EINVAL before): the id exists, but it is not a process.
                throw new NoSuchProcessException(id, "no such process " + id + ": it is a thread id, not a process id");
            }
            throw KernelFailure.of(e.getErrorCode(), id, "open a pidfd for " + what + " " + id, null);
        }
    }

    public int pid() {
        return pid;
    }

    public int fd() {
        return fd;
    }

    /**
     * True while the process has not been reaped. pidfd_send_signal(2) with signal 0 only checks. A closed pidfd
     * proves nothing (its number may already name another file), so it reports false.
     */
    public synchronized boolean isAlive() {
        return !closed && isAlive(fd);
    }

    /** The same check on a pidfd this object does not own, e.g. the server's SO_PEERPIDFD of a connection. */
    public static boolean isAlive(int fd) {
        try {
            LibC.pidfd_send_signal(fd, 0, null, 0);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) {
                return false;
            }
            // EPERM still proves the process exists: the check is about existence, not about signalling.
            return e.getErrorCode() == Errno.EPERM;
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // Nothing useful to do: the descriptor is gone either way.
            }
        }
    }
}
