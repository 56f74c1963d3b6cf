package dev.baton.linux;

import dev.baton.spi.error.NoSuchProcessException;

import java.util.OptionalLong;

/**
 * A process pinned with a pidfd, with the start time it had when it was pinned.
 *
 * <p>Operations pin their target first, act, then call {@link #ensureStillSame()}. The pidfd guarantees the pid
 * was not recycled while it reports the process alive; the start time catches the window between the caller
 * choosing the pid and the pin being taken.
 */
public final class PinnedProcess implements AutoCloseable {
    private final PidFd pidFd;
    private final ProcStat stat;

    private PinnedProcess(PidFd pidFd, ProcStat stat) {
        this.pidFd = pidFd;
        this.stat = stat;
    }

    /** Pins {@code pid}; throws {@link NoSuchProcessException} if it is not a live process. */
    public static PinnedProcess pin(int pid) {
        PidFd pidFd = PidFd.open(pid);
        try {
            ProcStat stat = ProcFs.stat(pid);
            PinnedProcess pinned = new PinnedProcess(pidFd, stat);
            pinned.ensureStillSame();
            return pinned;
        } catch (RuntimeException e) {
            pidFd.close();
            throw e;
        }
    }

    /**
     * Pins {@code pid} and, if {@code expectedStartTime} is present, requires the pinned process to have that start
     * time (a request's {@code startTime()}): a process with the same pid and another start time is a newcomer that
     * took over the pid of the intended one, and is refused before anything is done to it.
     */
    public static PinnedProcess pin(int pid, OptionalLong expectedStartTime) {
        PinnedProcess pinned = pin(pid);
        if (expectedStartTime.isPresent() && pinned.startTime() != expectedStartTime.getAsLong()) {
            pinned.close();
            throw new NoSuchProcessException(pid, "process " + pid + " was replaced: the caller means the process"
                    + " started at tick " + expectedStartTime.getAsLong() + ", but pid " + pid + " now belongs to one"
                    + " started at tick " + pinned.startTime() + " (the first exited and its pid was reused)");
        }
        return pinned;
    }

    public int pid() {
        return stat.pid();
    }

    public long startTime() {
        return stat.startTime();
    }

    /** The /proc/PID/stat read at pin time. */
    public ProcStat stat() {
        return stat;
    }

    public PidFd pidFd() {
        return pidFd;
    }

    /**
     * Throws {@link NoSuchProcessException} unless the pinned process is still alive.
     *
     * <p>Liveness of the pidfd is enough: a pid is only reused after its process has been reaped, and a reaped
     * process's pidfd reports ESRCH. So while the pidfd says alive, /proc/PID and every pid-based syscall still
     * name the pinned process, and re-reading its start time would prove nothing more.
     */
    public void ensureStillSame() {
        if (!pidFd.isAlive()) {
            throw new NoSuchProcessException(pid(), "process " + pid() + " exited during the operation");
        }
    }

    @Override
    public void close() {
        pidFd.close();
    }
}
