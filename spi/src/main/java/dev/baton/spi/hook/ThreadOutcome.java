package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

/** What happened to one thread of a batch. */
@Unstable
public enum ThreadOutcome {
    /** The thread now has the requested state. */
    APPLIED,
    /** The thread already had the requested state; nothing was written. */
    UNCHANGED,
    /** The operation failed for this thread; see the error. */
    FAILED
}
