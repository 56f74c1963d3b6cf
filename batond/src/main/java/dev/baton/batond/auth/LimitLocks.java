package dev.baton.batond.auth;

import dev.baton.spi.error.NotAuthorizedException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per limited resource (a target's real-time threads, a cgroup's children), held from the moment a limit
 * is counted until the call has acted. Without it, concurrent calls each count the same free slot and together
 * exceed the limit. Locks exist only while someone holds or waits for them, so the map stays as small as the
 * number of calls in flight.
 */
final class LimitLocks {
    /** A call that cannot take the lock in this time is denied rather than queued behind a stuck one. */
    static final Duration WAIT = Duration.ofSeconds(10);

    private final Map<String, Entry> entries = new HashMap<>();

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    Held acquire(String resource) {
        Entry entry;
        synchronized (entries) {
            entry = entries.computeIfAbsent(resource, key -> new Entry());
            entry.users++;
        }
        boolean locked = false;
        try {
            locked = entry.lock.tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            release(resource, entry);
            throw new NotAuthorizedException("another call on " + resource + " has been in progress for more than "
                    + WAIT.toSeconds() + " s; refusing to count its limit meanwhile");
        }
        return () -> {
            entry.lock.unlock();
            release(resource, entry);
        };
    }

    private void release(String resource, Entry entry) {
        synchronized (entries) {
            if (--entry.users == 0) {
                entries.remove(resource);
            }
        }
    }

    /** Resources with a lock right now: for tests that check nothing is left behind. */
    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
