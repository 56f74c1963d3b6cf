package dev.baton.plugins.remote;

import java.net.SocketTimeoutException;

/** batond accepted the connection but did not answer Negotiate within connectTimeoutMillis. */
final class HandshakeTimeoutException extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    HandshakeTimeoutException(SocketTimeoutException cause) {
        super(cause.getMessage());
        initCause(cause);
    }
}
