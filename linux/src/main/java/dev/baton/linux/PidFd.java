package dev.baton.linux;

import com.sun.jna.LastErrorException;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;

import java.util.OptionalInt;

/**
 * A pidfd: a file descriptor that refers to one process (or, with PIDFD_THREAD, one thread) for as long as it is
 * open. While the pidfd reports the process alive, its pid cannot have been recycled, which is what makes
 * "check, act, check again" safe against pid reuse.
 */
public final class PidFd implements AutoCloseable {
    /** PIDFD_THREAD equals O_EXCL (include/uapi/linux/pidfd.h), kernel 6.9+. */
    static final int PIDFD_THREAD = 0x80;

    private final int fd;
    private final int pid;
    private boolean closed;

    private PidFd(int fd, int pid) {
        this.fd = fd;
        this.pid = pid;
    }

    /** Pins the thread-group leader {@code pid}. */
    public static PidFd open(int pid) {
        try {
            return new PidFd(LibC.pidfd_open(pid, 0), pid);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Errno.ESRCH) {
                throw new NoSuchProcessException(pid, "no such process " + pid);
            }
            if (e.getErrorCode() == Errno.ENOENT || e.getErrorCode() == Errno.EINVAL) {
                // Without PIDFD_THREAD the kernel refuses a thread that is not a group leader (ENOENT since 6.9,
                // EINVAL before): the id exists, but it is not a process.
                throw new NoSuchProcessException(pid, "no such process " + pid + ": it is a thread id, not a process id");
            }
            throw KernelFailure.of(e.getErrorCode(), pid, "open a pidfd for process " + pid, null);
        }
    }

    /**
     * Pins the single thread {@code tid}, which need not be a thread-group leader. Needs PIDFD_THREAD (Linux 6.9+);
     * on an older kernel this fails with an {@code OperationFailedException} that says so.
     */
    public static PidFd openThread(int tid) {
        try {
            return new PidFd(LibC.pidfd_open(tid, PIDFD_THREAD), tid);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            // Only EINVAL is ambiguous; the probe runs once per JVM and only on this path.
            boolean flagKnown = errno != Errno.EINVAL || KernelFeatures.pidfdThread();
            throw ThreadPinFailure.of(errno, tid, flagKnown, errno == Errno.EINVAL ? ownerOf(tid) : OptionalInt.empty());
        }
    }

    /** The process {@code tid} is a thread of now; /proc/TID/status resolves any thread id, leader or not. */
    private static OptionalInt ownerOf(int tid) {
        try {
            return OptionalInt.of(ProcFs.status(tid).tgid());
        } catch (BatonException gone) {
            return OptionalInt.empty();
        }
    }

    /** Adopts a pidfd obtained elsewhere (SO_PEERPIDFD); the new object owns it and closes it. */
    public static PidFd adopt(int fd, int pid) {
        return new PidFd(fd, pid);
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
