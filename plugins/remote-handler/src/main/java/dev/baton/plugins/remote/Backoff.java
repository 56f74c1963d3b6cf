package dev.baton.plugins.remote;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Exponential backoff between reconnect attempts, bounded by a deadline: 25 ms, 50 ms, ... up to 1 s each.
 *
 * <p>The first delays are short because the common cause is a daemon restart, which takes well under a second
 * (with socket activation the socket does not even go away); the cap keeps a daemon
 * that is down for longer from being hammered by every waiting hook call. One instance per call.
 */
final class Backoff {
    static final Duration FIRST_DELAY = Duration.ofMillis(25);
    static final Duration MAX_DELAY = Duration.ofSeconds(1);

    private final long deadlineNanos;
    private long nextDelayNanos = FIRST_DELAY.toNanos();

    private Backoff(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** A backoff whose deadline is {@code budget} from now (on the monotonic clock, immune to clock changes). */
    static Backoff within(Duration budget) {
        requireNonNull(budget, "budget is null");
        return new Backoff(System.nanoTime() + budget.toNanos());
    }

    /** True once the deadline has passed: the caller gives up after the attempt it just made. */
    boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    /** Sleeps for the next delay, never past the deadline, so the last attempt is made right at it. */
    void pause() throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        long sleep = Math.min(nextDelayNanos, Math.max(0, left));
        nextDelayNanos = Math.min(nextDelayNanos * 2, MAX_DELAY.toNanos());
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
    }
}
