package dev.baton.plugins.remote;

import dev.baton.delegation.DelegationInterface;
import dev.baton.delegation.WireErrors;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.HandlerFailedException;
import dev.baton.varlink.VarlinkConnectException;
import dev.baton.varlink.VarlinkErrors;
import dev.baton.varlink.VarlinkException;
import dev.baton.varlink.VarlinkProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Turns what can go wrong between this plugin and batond into the SPI's typed errors, with messages an operator
 * can act on: which socket, what happened, what to check. It also decides which transport failures are worth a
 * reconnect, because only the daemon being away (down, restarting, closed the connection) heals by waiting.
 */
final class BatondFailures {
    private final Path socket;
    private final Duration callTimeout;
    private final Duration connectTimeout;
    private final Duration retryDeadline;
    private final ApiVersionAgreement agreement;

    BatondFailures(RemoteHandlerSettings settings, ApiVersionAgreement agreement) {
        requireNonNull(settings, "settings is null");
        this.socket = settings.socket();
        this.callTimeout = settings.callTimeout();
        this.connectTimeout = settings.connectTimeout();
        this.retryDeadline = settings.retryDeadline();
        this.agreement = requireNonNull(agreement, "agreement is null");
    }

    /**
     * True if the failure means batond is (momentarily) not there: the socket is missing, nobody listens, or the
     * daemon closed the connection (it stopped, restarted, or dropped an idle connection). A timeout is not
     * transient in this sense: the daemon is there but stuck, and resending would only pile up work on it. A
     * malformed reply or a permission problem will not change by waiting either.
     */
    static boolean isTransient(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof VarlinkProtocolException) {
            return false;
        }
        return !isPermissionProblem(e);
    }

    /** The error for a transport failure that is not transient, or that outlasted the retry deadline. */
    BatonException transportFailure(String method, IOException e) {
        if (isTransient(e)) {
            return new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond is unreachable at " + socket + ": "
                    + reason(e) + " (" + retried() + "); is batond running?", e);
        }
        if (e instanceof HandshakeTimeoutException) {
            return new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond at " + socket + " accepted the"
                    + " connection but did not answer Negotiate within " + human(connectTimeout) + " ("
                    + RemoteHandlerSettings.CONNECT_TIMEOUT_MILLIS + "); it is running but stuck or overloaded", e);
        }
        if (e instanceof SocketTimeoutException) {
            return new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond at " + socket + " did not answer "
                    + shortName(method) + " within " + human(callTimeout) + " ("
                    + RemoteHandlerSettings.CALL_TIMEOUT_MILLIS + "); it is running but stuck or overloaded", e);
        }
        if (e instanceof VarlinkProtocolException) {
            return new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond at " + socket + " sent a reply to "
                    + shortName(method) + " that this client cannot read (" + e.getMessage()
                    + "); are batond and the " + RemoteHandlerPlugin.NAME + " plugin from the same release?", e);
        }
        return new HandlerFailedException(RemoteHandlerPlugin.NAME, "cannot connect to batond at " + socket
                + ": permission denied; this process needs write permission on the socket file", e);
    }

    /** The typed error for batond's error reply to {@code method}, keeping the daemon's own message. */
    BatonException errorReply(String method, VarlinkException e) {
        if (e.is(DelegationInterface.API_VERSION_MISMATCH)) {
            return DelegationInterface.NEGOTIATE.equals(method)
                    ? agreement.refusedAtNegotiate(e)
                    : agreement.refusedCall(method, e);
        }
        if (e.is(VarlinkErrors.PERMISSION_DENIED) && DelegationInterface.NEGOTIATE.equals(method)) {
            // baton-varlink answers the first call of a connection it refuses over its limits with this bare
            // error; the first call of every connection of ours is Negotiate.
            return new HandlerFailedException(RemoteHandlerPlugin.NAME, "batond at " + socket + " refused the"
                    + " connection (" + VarlinkErrors.PERMISSION_DENIED + "), usually because this uid holds too many"
                    + " connections; lower " + RemoteHandlerSettings.MAX_CONNECTIONS + " of " + RemoteHandlerPlugin.NAME
                    + " or raise batond's per-uid limit", e);
        }
        return WireErrors.toBaton(e, RemoteHandlerPlugin.NAME);
    }

    /** "SetMaxMemLock" for "dev.baton.delegation.SetMaxMemLock". */
    static String shortName(String method) {
        return method.substring(method.lastIndexOf('.') + 1);
    }

    /** "10 s", or "250 ms" when the value is not whole seconds. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** What went wrong, in a few words: "connection refused", "the socket does not exist", ... */
    String reason(IOException e) {
        if (e instanceof VarlinkConnectException) {
            if (e.getCause() instanceof ConnectException) {
                return "connection refused";
            }
            if (!Files.exists(socket)) {
                return "the socket does not exist";
            }
            return e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
        }
        if (e instanceof EOFException) {
            return "batond closed the connection";
        }
        return e.getMessage();
    }

    private String retried() {
        return retryDeadline.isZero()
                ? "not retried: " + RemoteHandlerSettings.RETRY_DEADLINE_MILLIS + " is 0"
                : "retried for " + human(retryDeadline);
    }

    /**
     * The JDK reports EACCES from connect(2) on a Unix socket as {@code BindException: Permission denied}
     * (sun.nio.ch.Net maps EACCES that way for every socket call; checked with JDK 17 as uid 65534).
     */
    private static boolean isPermissionProblem(IOException e) {
        Throwable cause = e instanceof VarlinkConnectException ? e.getCause() : null;
        return cause instanceof BindException
                || (cause != null && cause.getMessage() != null && cause.getMessage().contains("Permission denied"));
    }
}
