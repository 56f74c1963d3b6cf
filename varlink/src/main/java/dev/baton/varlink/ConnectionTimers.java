package dev.baton.varlink;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The two clocks of a server connection, both on its event loop: the idle timeout (no call running, nothing being
 * received) and the partial-message timeout (a message started but not finished). {@code Duration.ZERO}
 * disables either. Event loop only.
 */
final class ConnectionTimers {

    private final Channel channel;
    private final Duration idleTimeout;
    private final Duration readTimeout;
    private ScheduledFuture<?> idle;
    private ScheduledFuture<?> partial;

    ConnectionTimers(Channel channel, Duration idleTimeout, Duration readTimeout) {
        this.channel = channel;
        this.idleTimeout = idleTimeout;
        this.readTimeout = readTimeout;
    }

    /** (Re)starts the idle clock; on expiry the connection is closed if {@code stillIdle} agrees. */
    void startIdle(BooleanSupplier stillIdle) {
        stopIdle();
        if (!idleTimeout.isZero()) {
            idle = schedule(idleTimeout, () -> {
                if (stillIdle.getAsBoolean()) {
                    channel.close();
                }
            });
        }
    }

    void stopIdle() {
        idle = cancel(idle);
    }

    /**
     * A message has begun and is not complete. The clock starts at its first byte and is not reset by further
     * bytes, so a peer dribbling one byte at a time (slowloris) still runs out of time.
     */
    void partialMessagePending(Runnable onExpiry) {
        stopIdle();
        if (partial == null && !readTimeout.isZero()) {
            partial = schedule(readTimeout, onExpiry);
        }
    }

    /** A message was completed: the partial-message clock restarts with the next message. */
    void messageCompleted() {
        partial = cancel(partial);
    }

    void stopAll() {
        stopIdle();
        messageCompleted();
    }

    Duration readTimeout() {
        return readTimeout;
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return channel.eventLoop().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }
}
