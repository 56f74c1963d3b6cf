package dev.baton.core.discovery;

/** Where a discovered plugin ended up. */
public enum PluginState {
    /** Compatible and started: calls may be routed to it. */
    STARTED,
    /** It does not implement the negotiated API version; it was not started and is never routed to. */
    INCOMPATIBLE,
    /** It could not be loaded or started; the problem says why. The runtime carries on without it. */
    BROKEN
}
