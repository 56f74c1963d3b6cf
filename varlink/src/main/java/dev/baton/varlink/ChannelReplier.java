package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The replier of one call on one server connection. It enforces the reply rules of the protocol, so a buggy
 * service fails loudly instead of desynchronizing the client: one final reply, {@code continues} only for calls
 * made with {@code more}, nothing at all on the wire for {@code oneway} calls.
 */
final class ChannelReplier implements VarlinkReplier {

    private final ServerConnection connection;
    private final VarlinkCall call;
    private final VarlinkJson json;
    private boolean finished;

    ChannelReplier(ServerConnection connection, VarlinkCall call, VarlinkJson json) {
        this.connection = connection;
        this.call = call;
        this.json = json;
    }

    @Override
    public synchronized void reply(ObjectNode parameters) {
        checkNotFinished();
        finished = true;
        send(parameters, false, null);
    }

    @Override
    public synchronized void replyContinues(ObjectNode parameters) {
        if (!call.more()) {
            throw new IllegalStateException(call.method() + " was called without 'more' and must reply once");
        }
        checkNotFinished();
        send(parameters, true, null);
    }

    @Override
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Sends the error as final reply; false if a final reply was already sent. */
    synchronized boolean error(VarlinkException e) {
        if (finished) {
            return false;
        }
        finished = true;
        send(e.parameters(), false, e.errorName());
        return true;
    }

    /** A handler that returned without replying gets the empty reply, as for a method {@code -> ()}. */
    synchronized void finishIfUnanswered() {
        if (!finished) {
            reply((ObjectNode) null);
        }
    }

    private void checkNotFinished() {
        if (finished) {
            throw new IllegalStateException(call.method() + " already sent its final reply");
        }
    }

    private void send(ObjectNode parameters, boolean continues, String error) {
        if (!call.oneway()) {
            connection.write(json.writeReply(parameters, continues, error));
        }
    }
}
