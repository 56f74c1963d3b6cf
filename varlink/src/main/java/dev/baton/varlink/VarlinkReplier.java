package dev.baton.varlink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends the replies to one call. A call gets exactly one final reply: {@link #reply}, or an error (throw a
 * {@link VarlinkException} from the handler). Calls made with {@code more} may first get any number of
 * {@link #replyContinues} replies.
 *
 * <p>Replies to {@code oneway} calls, and replies after the client went away, are silently dropped: the client
 * asked not to hear back, or can no longer. Writing blocks while the client is not reading (back-pressure),
 * at most for the server's write timeout, after which the connection is closed.
 */
public interface VarlinkReplier {

    /** The final reply. */
    void reply(ObjectNode parameters);

    /** The final reply, from a record via {@link VarlinkBinding#toParameters}. */
    default void reply(Record parameters) {
        reply(VarlinkBinding.toParameters(parameters));
    }

    /**
     * A reply with {@code continues: true}; more replies follow.
     *
     * @throws IllegalStateException if the call was not made with {@code more} (the protocol forbids
     *                               {@code continues} then), or the final reply was already sent
     */
    void replyContinues(ObjectNode parameters);

    default void replyContinues(Record parameters) {
        replyContinues(VarlinkBinding.toParameters(parameters));
    }

    /** False once the connection is closed; long-running (monitoring) calls should stop then. */
    boolean isOpen();
}
