package dev.baton.linux;

import dev.baton.spi.error.NoSuchProcessException;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A process pinned with a pidfd, with the start time it had when it was pinned.
 *
 * <p>Operations pin their target first, act, then call {@link #ensureStillSame()}. The pidfd guarantees the pid
 * was not recycled while it reports the process alive; the start time catches the window between the caller
 * choosing the pid and the pin being taken.
 *
 * <p>Pins nest. A layered call pins the same process more than once on one thread: batond pins the target to
 * authorize it, then local-root pins it again to act. While an outer pin on this thread is open and its pidfd
 * reports the process alive, the pid still names the process that outer pin read, so an inner pin reuses its
 * pidfd and its /proc read instead of repeating them (a pidfd_open and a /proc read are most of a small call's
 * cost). The inner pin checks liveness itself, so it proves exactly what a fresh pin would.
 */
public final class PinnedProcess implements AutoCloseable {
    /** The outermost open pin of each pid, per thread: pins are taken and released by the thread that acts. */
    private static final ThreadLocal<Map<Integer, PinnedProcess>> OPEN_ON_THIS_THREAD =
            ThreadLocal.withInitial(HashMap::new);

    private final PidFd pidFd;
    private final ProcStat stat;
    private final PinnedProcess outer; // null for a pin that owns its pidfd
    private final Thread owner;
    private volatile boolean closed;

    private PinnedProcess(PidFd pidFd, ProcStat stat, PinnedProcess outer) {
        this.pidFd = pidFd;
        this.stat = stat;
        this.outer = outer;
        this.owner = Thread.currentThread();
    }

    /** Pins {@code pid}; throws {@link NoSuchProcessException} if it is not a live process. */
    public static PinnedProcess pin(int pid) {
        Map<Integer, PinnedProcess> open = OPEN_ON_THIS_THREAD.get();
        PinnedProcess enclosing = open.get(pid);
        if (enclosing != null && !enclosing.closed) {
            PinnedProcess nested = new PinnedProcess(enclosing.pidFd, enclosing.stat, enclosing);
            nested.ensureStillSame();
            return nested;
        }
        PidFd pidFd = PidFd.open(pid);
        try {
            ProcStat stat = ProcFs.stat(pid);
            PinnedProcess pinned = new PinnedProcess(pidFd, stat, null);
            pinned.ensureStillSame();
            open.put(pid, pinned);
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

    /**
     * The /proc/PID/stat read when the process was first pinned on this thread (by the outermost pin). The start
     * time cannot change while the pin holds; fields that can (state, ppid after a reparenting) are as of that read,
     * so a caller that depends on them now reads them again.
     */
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
     * name the pinned process, and re-reading its start time would prove nothing more. A pin whose outer pin was
     * closed first has lost its proof, and fails closed.
     */
    public void ensureStillSame() {
        if (closed || (outer != null && outer.closed) || !pidFd.isAlive()) {
            throw new NoSuchProcessException(pid(), "process " + pid() + " exited during the operation");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (outer == null) {
            if (Thread.currentThread() == owner) {
                OPEN_ON_THIS_THREAD.get().remove(stat.pid(), this);
            }
            pidFd.close();
        }
    }
}
