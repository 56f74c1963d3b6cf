package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The package-private parsing of {@code dev.baton.varlink}, opened to the fuzz tests of other packages, so that
 * they read their input exactly as the server does.
 */
public final class FuzzAccess {

    /** batond's default (BatondSettings, VarlinkServerBuilder): 1 MiB. */
    public static final int SERVER_MAX_MESSAGE_BYTES = 1 << 20;

    private static final VarlinkJson SERVER_JSON = new VarlinkJson(SERVER_MAX_MESSAGE_BYTES);

    private FuzzAccess() {
    }

    /** A call as the server's event loop sees it once the frame is parsed. */
    public record Call(String method, ObjectNode parameters) {
    }

    /** Parses one NUL-stripped frame with the server's limits; a malformed one is a protocol exception. */
    public static Call parseCall(byte[] frame) throws VarlinkProtocolException {
        VarlinkJson.CallHeader header = SERVER_JSON.parseCall(frame);
        return new Call(header.method(), header.parameters());
    }
}
