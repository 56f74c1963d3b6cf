package dev.baton.varlink;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes reply frames. From a worker with back-pressure: after each frame the worker waits while the channel is
 * not writable, so a client that stops reading blocks only its own calls (and only up to the write timeout, after
 * which it is disconnected) instead of filling the server's memory with a stream of replies. From the event loop (a
 * quick call) at once: the connection only runs quick calls there while the channel is writable.
 */
final class ReplyWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyWriter.class);
    private static final byte[] NUL = {0};

    private final Channel channel;
    private final Duration timeout;
    private final AtomicInteger unflushedFromWorkers = new AtomicInteger();

    ReplyWriter(Channel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
    }

    /** Frames need no copy: the JSON bytes plus a shared NUL, wrapped. */
    static Object frame(byte[] message) {
        return Unpooled.wrappedBuffer(message, NUL);
    }

    void write(byte[] message) {
        if (!channel.isActive()) {
            return; // the client is gone; its pending replies are discarded
        }
        if (channel.eventLoop().inEventLoop()) {
            // A quick call's reply: written at once. Waiting here would stop the very loop that drains the buffer.
            channel.writeAndFlush(frame(message)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            return;
        }
        unflushedFromWorkers.incrementAndGet();
        channel.writeAndFlush(frame(message)).addListener(future -> {
            unflushedFromWorkers.decrementAndGet();
            if (!future.isSuccess()) {
                channel.close();
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (channel.isActive() && !channel.isWritable()) {
                long left = deadline - System.nanoTime();
                if (!timeout.isZero() && left <= 0) {
                    LOG.info("closing connection {}: its replies were not read for {}", channel, timeout);
                    channel.close();
                    return;
                }
                try {
                    wait(timeout.isZero() ? 0 : Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * True while a reply a worker wrote has not left for the socket: it may still be a task queued on the event
     * loop, and a reply the loop wrote now would overtake it. Read on the event loop.
     */
    boolean workerRepliesInFlight() {
        return unflushedFromWorkers.get() != 0;
    }

    /** Called on the event loop when writability changes or the channel closes. */
    synchronized void wakeUp() {
        notifyAll();
    }
}
