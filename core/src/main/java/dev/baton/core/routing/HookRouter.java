package dev.baton.core.routing;

import dev.baton.core.CoreVersions;
import dev.baton.core.StartupException;
import dev.baton.core.discovery.PluginState;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.spi.Effect;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides, once at startup, where each hook goes. Precedence: a handler registered in code, then a configured
 * route, then the highest-priority plugin that claims the hook, then the in-process fallback (local-root) unless
 * strict mode forbids it.
 *
 * <p>Two plugins never win by priority: local-root, because it is the fallback by definition, and plugins that
 * only plan (dry-run), because a dry-run that silently replaced real execution would be a nasty surprise. Both
 * are used whenever a route names them.
 */
public final class HookRouter {
    private final int apiVersion;
    private final boolean strict;

    public HookRouter(int apiVersion, boolean strict) {
        this.apiVersion = apiVersion;
        this.strict = strict;
    }

    /**
     * @param code       the handlers registered in code, as a backend, or empty
     * @param configured hook id to plugin name
     * @param started    the started plugins
     * @param statuses   every plugin that was found, to explain why a configured route cannot be honoured
     */
    public RouteTable route(Optional<Backend> code, Map<String, String> configured, List<Backend> started,
                            List<PluginStatus> statuses) {
        Map<Hook<?, ?>, Route> routes = new LinkedHashMap<>();
        for (Hook<?, ?> hook : Hook.all()) {
            routes.put(hook, routeOne(hook, code, configured.get(hook.id()), started, statuses));
        }
        return new RouteTable(routes);
    }

    private Route routeOne(Hook<?, ?> hook, Optional<Backend> code, String configured, List<Backend> started,
                           List<PluginStatus> statuses) {
        if (code.isPresent() && code.get().handlers().hooks().contains(hook)) {
            return new Route(hook, code, RouteReason.CODE_HANDLER, "registered in code");
        }
        if (configured != null) {
            if (strict && configured.equals(Backend.LOCAL_ROOT)) {
                throw new StartupException("route " + hook + " -> 'local-root': strict mode forbids running anything"
                        + " privileged in-process; route it to remote-handler, or turn strict off");
            }
            return new Route(hook, Optional.of(configuredBackend(hook, configured, started, statuses)),
                    RouteReason.CONFIGURED, "configured route");
        }
        Optional<Backend> byPriority = started.stream()
                .filter(b -> b.handlers().hooks().contains(hook))
                .filter(b -> !b.name().equals(Backend.LOCAL_ROOT) && b.effect() == Effect.APPLIES)
                .max(Comparator.comparingInt(Backend::priority).thenComparing(Backend::name, Comparator.reverseOrder()));
        if (byPriority.isPresent()) {
            return new Route(hook, byPriority, RouteReason.PRIORITY, "highest priority plugin claiming it");
        }
        if (strict) {
            return new Route(hook, Optional.empty(), RouteReason.NONE, "no plugin claims hook '" + hook
                    + "' and strict mode forbids doing it in-process; route it to a plugin in conf/baton.yaml");
        }
        Optional<Backend> fallback = started.stream()
                .filter(b -> b.name().equals(Backend.LOCAL_ROOT) && b.handlers().hooks().contains(hook))
                .findFirst();
        if (fallback.isPresent()) {
            return new Route(hook, fallback, RouteReason.FALLBACK, "in-process fallback");
        }
        Optional<PluginStatus> localRoot = statuses.stream().filter(s -> s.name().equals(Backend.LOCAL_ROOT)).findFirst();
        if (localRoot.isPresent()) {
            return new Route(hook, Optional.empty(), RouteReason.NONE, "no plugin claims hook '" + hook
                    + "' and the in-process fallback, plugin 'local-root' (" + localRoot.get().location() + "), is "
                    + localRoot.get().state().name().toLowerCase() + ": " + localRoot.get().problem());
        }
        return new Route(hook, Optional.empty(), RouteReason.NONE, "no plugin claims hook '" + hook
                + "' and the in-process fallback, plugin 'local-root', is not installed");
    }

    private Backend configuredBackend(Hook<?, ?> hook, String name, List<Backend> started, List<PluginStatus> statuses) {
        String route = "route " + hook + " -> '" + name + "': ";
        Optional<Backend> backend = started.stream().filter(b -> b.name().equals(name)).findFirst();
        if (backend.isPresent()) {
            if (!backend.get().handlers().hooks().contains(hook)) {
                throw new StartupException(route + "plugin '" + name + "' (" + backend.get().location()
                        + ") does not claim hook '" + hook + "'; it claims " + backend.get().handlers().hooks()
                        .stream().map(Hook::id).collect(Collectors.joining(", ")));
            }
            return backend.get();
        }
        Optional<PluginStatus> status = statuses.stream().filter(s -> s.name().equals(name)).findFirst();
        if (status.isEmpty()) {
            String installed = statuses.stream().map(PluginStatus::name).sorted().collect(Collectors.joining(", "));
            throw new StartupException(route + "no plugin named '" + name + "' is installed"
                    + (installed.isEmpty() ? "" : "; installed: " + installed));
        }
        PluginStatus found = status.get();
        if (found.state() == PluginState.INCOMPATIBLE) {
            throw new StartupException(route + "plugin '" + name + "' (" + found.location() + ") implements internal API "
                    + found.apiVersionList() + ", but the application accepted version " + apiVersion
                    + " (core implements " + InternalApi.describe(CoreVersions.SUPPORTED) + ")");
        }
        throw new StartupException(route + "plugin '" + name + "' (" + found.location() + ") is broken: "
                + found.problem());
    }
}
