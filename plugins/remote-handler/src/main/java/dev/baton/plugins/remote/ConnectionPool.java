package dev.baton.plugins.remote;

import dev.baton.varlink.VarlinkException;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;

import static java.util.Objects.requireNonNull;

/**
 * At most {@code maxConnections} negotiated connections to batond, opened on demand and lent to one thread at a
 * time, so that hook calls from several threads run side by side instead of queueing on one socket.
 *
 * <p>A permit is held for each lent connection and idle connections hold none; a thread only opens a connection
 * when no idle one is left, so lent plus idle never exceeds the bound. Threads beyond the bound wait for a
 * connection to come back; calls are bounded by the call timeout, so the wait is too.
 */
final class ConnectionPool implements AutoCloseable {
    /** Opens and negotiates one connection. */
    @FunctionalInterface
    interface Opener {
        BatondConnection open() throws IOException, VarlinkException;
    }

    private final Opener opener;
    private final Semaphore permits;
    private final Deque<BatondConnection> idle = new ArrayDeque<>(); // guarded by this
    private boolean closed; // guarded by this

    ConnectionPool(int maxConnections, Opener opener) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        this.opener = requireNonNull(opener, "opener is null");
        // Fair, so that a burst of callers cannot starve one that has been waiting.
        this.permits = new Semaphore(maxConnections, true);
    }

    /** An idle connection, or a new one; give it back with {@link #giveBack} or {@link #discard}, exactly once. */
    BatondConnection borrow() throws IOException, VarlinkException, InterruptedException {
        permits.acquire();
        try {
            BatondConnection connection = takeIdle();
            return connection != null ? connection : opener.open();
        } catch (IOException | VarlinkException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Returns a connection that is still in step with the daemon (a reply, or an error reply, was read). */
    void giveBack(BatondConnection connection) {
        boolean keep;
        synchronized (this) {
            keep = !closed && connection.isOpen();
            if (keep) {
                // Last in, first out: the most recently used connection is the least likely to have idled out.
                idle.push(connection);
            }
        }
        if (!keep) {
            connection.close();
        }
        permits.release();
    }

    /**
     * Closes a connection that failed in transport, and the idle ones with it: they lead to the same daemon
     * process, which has most likely gone away or restarted, and trying each in turn would only spend the retry
     * deadline on dead sockets.
     */
    void discard(BatondConnection connection) {
        connection.close();
        closeAll(drainIdle());
        permits.release();
    }

    /** Closes the idle connections now, and each lent one when it comes back. */
    @Override
    public void close() {
        List<BatondConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = drainIdle();
        }
        closeAll(toClose);
    }

    private synchronized BatondConnection takeIdle() {
        if (closed) {
            throw new IllegalStateException(RemoteHandlerPlugin.NAME + " is closed");
        }
        return idle.poll();
    }

    private synchronized List<BatondConnection> drainIdle() {
        List<BatondConnection> drained = new ArrayList<>(idle);
        idle.clear();
        return drained;
    }

    private static void closeAll(List<BatondConnection> connections) {
        connections.forEach(BatondConnection::close);
    }
}
