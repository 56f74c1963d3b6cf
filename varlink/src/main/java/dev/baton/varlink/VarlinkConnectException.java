package dev.baton.varlink;

import java.io.IOException;

/** {@link VarlinkClient} could not connect: the socket file is missing, nobody listens, or access is denied. */
public class VarlinkConnectException extends IOException {

    private static final long serialVersionUID = 1L;

    public VarlinkConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
