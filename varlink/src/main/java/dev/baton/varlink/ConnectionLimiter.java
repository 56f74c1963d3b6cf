package dev.baton.varlink;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections, overall and per peer uid, so that one local user cannot exhaust the file descriptors
 * or worker threads of a service that other users depend on.
 */
final class ConnectionLimiter {

    /** Refusals are logged at most this often: a local user must not be able to flood the log either. */
    private static final long REFUSAL_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final int maxTotal;
    private final int maxPerUid;
    private final Map<Integer, Integer> perUid = new HashMap<>();
    private int total;
    private long lastRefusalLogged = System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS;

    ConnectionLimiter(int maxTotal, int maxPerUid) {
        this.maxTotal = maxTotal;
        this.maxPerUid = maxPerUid;
    }

    /** Takes a slot for {@code uid}; false if either limit is reached. */
    synchronized boolean tryAcquire(int uid) {
        int ofUid = perUid.getOrDefault(uid, 0);
        if (total >= maxTotal || ofUid >= maxPerUid) {
            return false;
        }
        total++;
        perUid.put(uid, ofUid + 1);
        return true;
    }

    synchronized void release(int uid) {
        total--;
        perUid.computeIfPresent(uid, (k, n) -> n == 1 ? null : n - 1);
    }

    /** True at most once per interval, for the refusal warning. */
    synchronized boolean shouldLogRefusal() {
        long now = System.nanoTime();
        if (now - lastRefusalLogged < REFUSAL_LOG_INTERVAL_NANOS) {
            return false;
        }
        lastRefusalLogged = now;
        return true;
    }
}
