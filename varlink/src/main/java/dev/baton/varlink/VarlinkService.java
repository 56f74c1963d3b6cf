package dev.baton.varlink;

/**
 * One varlink interface hosted by a {@link VarlinkServer}. {@link VarlinkInterface} implements it with a
 * per-method handler table, which is what most services want.
 *
 * <p>{@link #call} runs on a worker thread, so it may block (syscalls, locks, child processes), unless the service
 * declares the method {@link #isQuick quick}. Calls of one connection run one at a time, in arrival order; calls of
 * different connections run concurrently, so implementations must be thread-safe.
 */
public interface VarlinkService {

    /** The interface name, e.g. {@code dev.baton.delegation}; must equal the name in {@link #description()}. */
    String interfaceName();

    /** The interface definition (IDL) text, served verbatim by {@code GetInterfaceDescription}. */
    String description();

    /**
     * Handles one call of a method of this interface. Reply through {@code replier}; returning without a final
     * reply sends an empty one. Throw {@link VarlinkException} to reply with an error. Any other exception is a
     * bug: it is logged and the connection is closed, since no reply would be truthful.
     */
    void call(VarlinkCall call, VarlinkReplier replier) throws VarlinkException;

    /**
     * True if {@code method} never sleeps: it makes only syscalls that return at once and waits on no lock that a
     * sleeping call could hold. The server may then run it on the connection's event loop, when no call of the
     * connection is queued ahead of it, instead of handing it to a worker and the reply back: on an idle machine
     * those two thread wake-ups cost more than such a call itself. Streaming calls ({@code more}) always go to a
     * worker. The default, false, is always safe.
     */
    default boolean isQuick(String method) {
        return false;
    }
}
