package dev.baton.core.routing;

import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;

import static java.util.Objects.requireNonNull;

/**
 * Something calls can be routed to: a started plugin, or the handlers registered in code.
 *
 * @param loader the loader to install as thread context class loader around each call
 */
public record Backend(String name, String location, int priority, Effect effect, HandlerSet handlers,
                      ClassLoader loader) {
    /** The backend name of handlers registered in code. */
    public static final String CODE = "code";
    /** The in-process fallback of the RFC. */
    public static final String LOCAL_ROOT = "local-root";

    public Backend {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
        requireNonNull(effect, "effect is null");
        requireNonNull(handlers, "handlers is null");
        requireNonNull(loader, "loader is null");
    }
}
