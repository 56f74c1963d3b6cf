package dev.baton.plugins.remote;

import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.Wire;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.varlink.VarlinkException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * Calls batond for the hook handlers: borrows a negotiated connection from the pool, and when batond is away
 * (not started yet, restarting, or it dropped the connection) reconnects with backoff, negotiates again and
 * resends the call, until the retry deadline.
 *
 * <p><b>Why resending is safe.</b> A call whose connection broke may or may not have run on the daemon; the reply
 * is what was lost. All four operations are idempotent, so running one twice does no harm: memlock and scheduler
 * set a value, and setting the same value again changes nothing; writing a tid into the cgroup it already is in
 * is a no-op (and the cgroup, once created, is reused); inspect only reads. The one visible difference is in the
 * report: a resent call may say "unchanged" (or {@code created=false}) for what the lost call did. Core re-reads
 * the real state after every handler, and that verification is what counts. A new operation added to the
 * protocol must be idempotent too, or be excluded from resending.
 *
 * <p>Thread-safe: each call uses its own connection from the pool.
 */
final class BatondClient implements AutoCloseable {
    private final RemoteHandlerSettings settings;
    private final BatondFailures failures;
    private final ConnectionPool pool;
    private final System.Logger logger;

    BatondClient(RemoteHandlerSettings settings, ApiVersionAgreement agreement, System.Logger logger) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(agreement, "agreement is null");
        this.logger = requireNonNull(logger, "logger is null");
        this.failures = new BatondFailures(settings, agreement);
        // Nothing connects here: start() must stay cheap and must succeed while batond is down.
        this.pool = new ConnectionPool(settings.maxConnections(), () -> openConnection(settings, agreement));
    }

    /**
     * Calls {@code method} and returns its reply.
     *
     * @throws dev.baton.spi.error.BatonException the daemon's typed error, with its message, or
     *                                            {@link HandlerFailedException} when batond stayed unreachable
     */
    <T extends Record> T call(String method, Record parameters, Class<T> replyType) {
        Backoff backoff = Backoff.within(settings.retryDeadline());
        int attempt = 1;
        while (true) {
            try {
                return attempt(method, parameters, replyType);
            } catch (StaleConnectionException e) {
                // Retried at once, outside the deadline: batond closes connections that idled too long (and the
                // pool dropped the other idle ones with this one), so this says nothing about batond being away.
                logger.log(Level.DEBUG, "a pooled connection to batond at {0} was closed ({1}); opening a new"
                        + " one", socket(), failures.reason(e.getCause()));
            } catch (IOException e) {
                if (!BatondFailures.isTransient(e) || backoff.expired()) {
                    throw failures.transportFailure(method, e);
                }
                logger.log(attempt == 1 ? Level.INFO : Level.DEBUG, "batond at {0} is unreachable during {1} ({2});"
                        + " reconnecting (attempt {3})", socket(), BatondFailures.shortName(method),
                        failures.reason(e), attempt + 1);
                pause(backoff, method);
                attempt++;
            }
        }
    }

    private <T extends Record> T attempt(String method, Record parameters, Class<T> replyType) throws IOException {
        BatondConnection connection = borrow();
        boolean inStep = false;
        try {
            T reply = connection.call(method, parameters, replyType);
            inStep = true;
            return reply;
        } catch (VarlinkException e) {
            inStep = true; // an error reply was read in full: the connection can carry the next call
            throw failures.errorReply(method, e);
        } catch (IOException e) {
            if (connection.wasUsedBefore() && BatondFailures.isTransient(e)) {
                throw new StaleConnectionException(e);
            }
            throw e;
        } finally {
            if (inStep) {
                pool.giveBack(connection);
            } else {
                pool.discard(connection);
            }
        }
    }

    private BatondConnection borrow() throws IOException {
        try {
            return pool.borrow();
        } catch (SocketTimeoutException e) {
            throw failures.transportFailure(DelegationInterface.NEGOTIATE, e); // name the call that hung
        } catch (VarlinkException e) {
            throw failures.errorReply(DelegationInterface.NEGOTIATE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandlerFailedException(RemoteHandlerPlugin.NAME, "interrupted while waiting for a connection"
                    + " to batond at " + socket(), e);
        }
    }

    private void pause(Backoff backoff, String method) {
        try {
            backoff.pause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HandlerFailedException(RemoteHandlerPlugin.NAME, "interrupted while reconnecting to batond at "
                    + socket() + " for " + BatondFailures.shortName(method), e);
        }
    }

    private BatondConnection openConnection(RemoteHandlerSettings settings, ApiVersionAgreement agreement)
            throws IOException, VarlinkException {
        BatondConnection connection = BatondConnection.open(settings, agreement);
        Wire.NegotiateReply negotiated = connection.negotiated();
        logger.log(Level.DEBUG, "connected to {0} at {1}: calls carry API version {2}; it implements {3}"
                        + " and offers {4}", negotiated.daemon(), settings.socket(), agreement.callVersion(),
                negotiated.daemonVersions(), negotiated.hooks());
        return connection;
    }

    private Path socket() {
        return settings.socket();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A connection taken from the pool broke on its next call: most likely batond had closed it meanwhile. */
    private static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
