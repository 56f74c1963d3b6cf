package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

/** A request to one hook. Every request targets one process; requests validate themselves when constructed. */
@Unstable
public interface HookRequest {
    /** The target process (a thread-group id). */
    int pid();
}
