package dev.baton.varlink;

import java.io.IOException;

/**
 * The peer broke the varlink wire protocol: a message that is not a JSON object, invalid UTF-8, too large or too
 * deeply nested, an unknown header member, a reply that does not match the call... There is no well-defined
 * reply to such a message, so the connection that carried it is closed.
 */
public class VarlinkProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    public VarlinkProtocolException(String message) {
        super(message);
    }

    public VarlinkProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
