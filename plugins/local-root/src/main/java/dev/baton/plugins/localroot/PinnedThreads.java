package dev.baton.plugins.localroot;

import dev.baton.linux.PidFd;
import dev.baton.linux.ProcFs;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.NoSuchProcessException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The requested threads, each pinned with a PIDFD_THREAD pidfd and checked to belong to the target process.
 *
 * <p>The ownership check runs after the pin: once pinned, the tid cannot be recycled into another process, so the
 * check cannot be raced by a thread exiting and its id being reused.
 */
final class PinnedThreads implements AutoCloseable {
    private final Map<Integer, PidFd> threads;

    private PinnedThreads(Map<Integer, PidFd> threads) {
        this.threads = threads;
    }

    /** Pins every tid; fails the whole request before anything is changed if one is not a thread of pid. */
    static PinnedThreads pin(int pid, List<Integer> tids) {
        Map<Integer, PidFd> pinned = new LinkedHashMap<>();
        try {
            for (int tid : tids) {
                pinned.put(tid, PidFd.openThread(tid));
                requireThreadOf(pid, tid);
            }
            return new PinnedThreads(pinned);
        } catch (RuntimeException e) {
            pinned.values().forEach(PidFd::close);
            throw e;
        }
    }

    private static void requireThreadOf(int pid, int tid) {
        if (ProcFs.isThreadOf(pid, tid)) {
            return; // the common case, in one stat(2); the status read below is only for an exact refusal
        }
        int tgid;
        try {
            tgid = ProcFs.status(tid).tgid(); // /proc/TID/status works for any thread id
        } catch (NoSuchProcessException e) {
            throw new NoSuchProcessException(tid, "no such thread " + tid);
        }
        if (tgid != pid) {
            throw new InvalidRequestException("tids", "include thread " + tid + ", which belongs to pid " + tgid
                    + ", not to pid " + pid);
        }
    }

    /** True if the thread has not exited since it was pinned. */
    boolean isAlive(int tid) {
        return threads.get(tid).isAlive();
    }

    /** Throws if the thread exited while it was being changed. */
    void ensureAlive(int tid) {
        if (!isAlive(tid)) {
            throw new NoSuchProcessException(tid, "thread " + tid + " exited during the operation");
        }
    }

    List<Integer> tids() {
        return new ArrayList<>(threads.keySet());
    }

    @Override
    public void close() {
        for (PidFd fd : threads.values()) {
            fd.close();
        }
    }
}
