package dev.baton.core;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.BatonConfigLoader;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.core.routing.Route;
import dev.baton.core.routing.RouteTable;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.HookHandler;
import dev.baton.spi.error.UnsupportedApiVersionException;
import dev.baton.spi.hook.HookRequest;
import dev.baton.spi.hook.HookResult;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.PlannedOperation;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The embedding API: the Java counterpart of the RFC's internal hooks.
 *
 * <pre>{@code
 * try (Baton baton = Baton.builder()
 *         .acceptUnstableApi(InternalApi.VERSION)      // explicit opt-in, with the version you built against
 *         .pluginsDirectory(Path.of("/opt/baton/plugins"))
 *         .build()) {
 *     Outcome<SchedulerResult> outcome = baton.setScheduler(SchedulerRequest.of(pid, vcpuTids, SchedPolicy.FIFO, 1));
 * }
 * }</pre>
 *
 * Every call is routed (code handler, configured route, priority, in-process fallback), performed, and then
 * verified by re-reading the real state; a handler whose claim does not match reality fails the call.
 */
public final class Baton implements AutoCloseable {
    private final StartedPlugins plugins;
    private final RouteTable routes;
    private final HookInvoker invoker;
    private final int apiVersion;

    private Baton(StartedPlugins plugins, RouteTable routes, HookInvoker invoker, int apiVersion) {
        this.plugins = plugins;
        this.routes = routes;
        this.invoker = invoker;
        this.apiVersion = apiVersion;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Performs {@code hook}; throws one of the typed {@link dev.baton.spi.error.BatonException}s on failure. */
    public <Q extends HookRequest, R extends HookResult> Outcome<R> call(Hook<Q, R> hook, Q request) {
        requireNonNull(hook, "hook is null");
        requireNonNull(request, "request is null");
        return invoker.invoke(hook, request);
    }

    public Outcome<MemlockResult> setMaxMemlock(MemlockRequest request) {
        return call(Hook.MEMLOCK, request);
    }

    public Outcome<SchedulerResult> setScheduler(SchedulerRequest request) {
        return call(Hook.SCHEDULER, request);
    }

    public Outcome<HousekeepingResult> moveThreads(HousekeepingRequest request) {
        return call(Hook.HOUSEKEEPING, request);
    }

    public Outcome<InspectResult> inspect(InspectRequest request) {
        return call(Hook.INSPECT, request);
    }

    /** The internal API version negotiated with the application. */
    public int apiVersion() {
        return apiVersion;
    }

    /** Every plugin that was found, started or not, sorted by name. */
    public List<PluginStatus> plugins() {
        return plugins.statuses();
    }

    /** The route of each hook, in {@link Hook#all()} order. */
    public Map<Hook<?, ?>, Route> routes() {
        return routes.all();
    }

    /** The operations recorded so far by plugins that only plan (dry-run), in order. */
    public List<PlannedOperation> plan() {
        return plugins.plans();
    }

    /** Stops every plugin and closes their class loaders. */
    @Override
    public void close() {
        plugins.close();
    }

    /** Collects the application's choices. Nothing is discovered or started until {@link #build()}. */
    public static final class Builder {
        private Integer acceptedVersion;
        private Path configFile;
        private Path pluginsDir;
        private Boolean strict;
        private ClassLoader classPath = Baton.class.getClassLoader();
        private boolean scanClassPath = true;
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> routes = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> pluginConfig = new LinkedHashMap<>();
        private final HandlerSet.Builder codeHandlers = HandlerSet.builder();

        private Builder() {}

        /**
         * The explicit opt-in to an API that is unstable by design: pass the {@code InternalApi.VERSION} you
         * compiled against. {@link #build()} fails at once without it, or if core does not implement it.
         */
        public Builder acceptUnstableApi(int version) {
            this.acceptedVersion = version;
            return this;
        }

        /** Reads conf/baton.yaml. Settings made on this builder take precedence over the file's. */
        public Builder config(Path file) {
            this.configFile = requireNonNull(file, "file is null");
            return this;
        }

        public Builder pluginsDirectory(Path dir) {
            this.pluginsDir = requireNonNull(dir, "dir is null");
            return this;
        }

        /** Routes {@code hook} to the plugin named {@code plugin}, overriding priority and configuration. */
        public Builder route(Hook<?, ?> hook, String plugin) {
            routes.put(requireNonNull(hook, "hook is null").id(), requireNonNull(plugin, "plugin is null"));
            return this;
        }

        /** In strict mode nothing runs in-process implicitly: an unclaimed hook fails instead of falling back. */
        public Builder strict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /** The RFC's function pointer: a handler that takes precedence over every plugin for {@code hook}. */
        public <Q extends HookRequest, R extends HookResult> Builder handler(Hook<Q, R> hook, HookHandler<Q, R> handler) {
            codeHandlers.on(hook, handler);
            return this;
        }

        /** Settings handed to the plugin named {@code plugin} in its context, overriding conf/baton.yaml. */
        public Builder pluginConfig(String plugin, Map<String, String> settings) {
            pluginConfig.put(requireNonNull(plugin, "plugin is null"), Map.copyOf(settings));
            return this;
        }

        /** The loader ServiceLoader scans for class-path plugins; the default is core's own. */
        public Builder classPath(ClassLoader loader) {
            this.classPath = requireNonNull(loader, "loader is null");
            return this;
        }

        /** Turns class-path discovery off, e.g. for a launcher that only wants its plugins directory. */
        public Builder scanClassPath(boolean scan) {
            this.scanClassPath = scan;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * Negotiates the version, discovers and starts plugins and fixes the routes.
         *
         * @throws UnsupportedApiVersionException without the opt-in, or for a version core does not implement
         * @throws StartupException for a duplicate plugin, a route core cannot honour, or a bad configuration
         */
        public Baton build() {
            int version = negotiate();
            BatonConfig file = configFile == null ? BatonConfig.EMPTY : BatonConfigLoader.load(configFile);
            Map<String, String> mergedRoutes = new LinkedHashMap<>(file.routes());
            mergedRoutes.putAll(routes);
            Map<String, Map<String, String>> mergedConfig = new LinkedHashMap<>(file.plugins());
            mergedConfig.putAll(pluginConfig);
            RuntimeSettings settings = new RuntimeSettings(version, strict != null ? strict : file.strict(),
                    Optional.ofNullable(pluginsDir).or(file::pluginsDir),
                    scanClassPath ? Optional.of(classPath) : Optional.empty(), mergedRoutes, mergedConfig,
                    codeHandlers.build(), clock);
            try {
                Injector injector = Guice.createInjector(new RuntimeModule(settings));
                return new Baton(injector.getInstance(StartedPlugins.class), injector.getInstance(RouteTable.class),
                        injector.getInstance(HookInvoker.class), version);
            } catch (ProvisionException e) {
                // Guice wraps what the providers threw; callers should see our typed error, not Guice's envelope.
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw e;
            }
        }

        private int negotiate() {
            if (acceptedVersion == null) {
                throw new UnsupportedApiVersionException("Baton's internal API is unstable by design: call "
                        + "acceptUnstableApi(version) with the version you built against; this core implements "
                        + dev.baton.spi.InternalApi.describe(CoreVersions.SUPPORTED), 0, CoreVersions.SUPPORTED);
            }
            if (!CoreVersions.SUPPORTED.contains(acceptedVersion)) {
                throw UnsupportedApiVersionException.of("this core", acceptedVersion, CoreVersions.SUPPORTED);
            }
            return acceptedVersion;
        }
    }
}
