package dev.baton.core;

/** How core knows that an outcome is real. */
public enum Verification {
    /** Core re-read the real state with unprivileged reads and it matches the handler's result. */
    VERIFIED,
    /** A dry-run: nothing was changed, so there was nothing to verify. */
    PLANNED
}
