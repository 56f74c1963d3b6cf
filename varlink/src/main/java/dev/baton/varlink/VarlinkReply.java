package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One reply as received by {@link VarlinkClient}.
 *
 * @param parameters the output parameters, or the error's parameters; empty when the member was absent or null
 * @param continues  true if more replies to the same call follow
 * @param error      the fully-qualified error name, or null for a successful reply
 */
public record VarlinkReply(ObjectNode parameters, boolean continues, String error) {

    public boolean isError() {
        return error != null;
    }

    /** The parameters of a successful reply, or the error as a {@link VarlinkException}. */
    public ObjectNode orThrow() throws VarlinkException {
        if (error != null) {
            throw new VarlinkException(error, parameters);
        }
        return parameters;
    }
}
