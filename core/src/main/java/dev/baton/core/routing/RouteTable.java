package dev.baton.core.routing;

import dev.baton.spi.Hook;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The route of every hook, fixed at startup. */
public final class RouteTable {
    private final Map<Hook<?, ?>, Route> routes;

    RouteTable(Map<Hook<?, ?>, Route> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    public Route route(Hook<?, ?> hook) {
        Route route = routes.get(hook);
        if (route == null) {
            throw new IllegalStateException("no route computed for hook " + hook);
        }
        return route;
    }

    /** Every hook's route, in {@link Hook#all()} order. */
    public Map<Hook<?, ?>, Route> all() {
        return routes;
    }
}
