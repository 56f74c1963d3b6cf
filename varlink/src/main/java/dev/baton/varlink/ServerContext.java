package dev.baton.varlink;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/** What every connection of one server shares, and the set of open connections that shutdown walks. */
final class ServerContext {

    final ServerSettings settings;
    final VarlinkJson json;
    final CallDispatcher dispatcher;
    final Executor executor;
    final ConnectionLimiter limiter;

    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    ServerContext(ServerSettings settings, CallDispatcher dispatcher, Executor executor) {
        this.settings = settings;
        this.json = new VarlinkJson(settings.maxMessageBytes());
        this.dispatcher = dispatcher;
        this.executor = executor;
        this.limiter = new ConnectionLimiter(settings.maxConnections(), settings.maxConnectionsPerUid());
    }

    /** False if the server is shutting down; the connection must close itself then. */
    boolean register(ServerConnection connection) {
        connections.add(connection);
        // Checked after adding, so that drainAll() either sees this connection or we see its flag.
        if (draining) {
            connections.remove(connection);
            return false;
        }
        return true;
    }

    boolean stopping() {
        return draining;
    }

    void unregister(ServerConnection connection) {
        synchronized (connections) {
            connections.remove(connection);
            connections.notifyAll();
        }
    }

    int connectionCount() {
        return connections.size();
    }

    /** Every connection finishes the calls it already received, then closes; no new calls are read. */
    void drainAll() {
        draining = true;
        connections.forEach(ServerConnection::drain);
    }

    void closeAll() {
        connections.forEach(ServerConnection::close);
    }

    /** Waits until no connection is open; false if {@code deadlineNanos} (System.nanoTime) passed first. */
    boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        synchronized (connections) {
            while (!connections.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                connections.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
