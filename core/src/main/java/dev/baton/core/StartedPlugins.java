package dev.baton.core;

import dev.baton.core.discovery.DiscoveryResult;
import dev.baton.core.discovery.LoadedPlugin;
import dev.baton.core.discovery.PluginClassLoader;
import dev.baton.core.discovery.PluginState;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.core.routing.Backend;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.PlanRecorder;
import dev.baton.spi.PluginInfo;
import dev.baton.spi.hook.PlannedOperation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plugins that started, and the status of every plugin that was found. Closes them all on close. */
final class StartedPlugins implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartedPlugins.class);

    private final List<Backend> backends;
    private final List<LoadedPlugin> plugins;
    private final List<PluginStatus> statuses;
    private final List<PluginClassLoader> loaders;

    private StartedPlugins(List<Backend> backends, List<LoadedPlugin> plugins, List<PluginStatus> statuses,
                           List<PluginClassLoader> loaders) {
        this.backends = List.copyOf(backends);
        this.plugins = List.copyOf(plugins);
        this.statuses = statuses.stream().sorted(Comparator.comparing(PluginStatus::name)).toList();
        this.loaders = List.copyOf(loaders);
    }

    /** Starts every compatible plugin; one that throws, or whose handlers differ from its claims, is broken. */
    static StartedPlugins start(DiscoveryResult discovery, RuntimeSettings settings) {
        List<Backend> backends = new ArrayList<>();
        List<LoadedPlugin> started = new ArrayList<>();
        List<PluginStatus> statuses = new ArrayList<>(discovery.rejected());
        for (LoadedPlugin plugin : discovery.loaded()) {
            PluginInfo info = plugin.info();
            Map<String, String> config = settings.pluginConfig().getOrDefault(info.name(), Map.of());
            try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(plugin.loader())) {
                HandlerSet handlers = plugin.plugin().start(
                        DefaultPluginContext.forPlugin(info.name(), config, settings.clock(), settings.apiVersion()));
                if (handlers == null || !handlers.hooks().equals(info.hooks())) {
                    throw new IllegalStateException("start() returned handlers for "
                            + (handlers == null ? "nothing" : ids(handlers)) + " but info() claims " + info.hookIds());
                }
                backends.add(new Backend(info.name(), plugin.location(), info.priority(), info.effect(), handlers,
                        plugin.loader()));
                started.add(plugin);
                statuses.add(status(plugin, PluginState.STARTED, null));
                LOG.info("plugin {} {} started from {}: hooks={} priority={}", info.name(), info.version(),
                        plugin.location(), info.hookIds(), info.priority());
            } catch (RuntimeException | LinkageError e) {
                String problem = "start() failed: " + e;
                LOG.error("plugin {} ({}) is broken and was skipped: {}", info.name(), plugin.location(), problem);
                statuses.add(status(plugin, PluginState.BROKEN, problem));
                closeQuietly(plugin);
            }
        }
        return new StartedPlugins(backends, started, statuses, discovery.loaders());
    }

    private static String ids(HandlerSet handlers) {
        return handlers.hooks().stream().map(Hook::id).collect(Collectors.joining(","));
    }

    private static PluginStatus status(LoadedPlugin plugin, PluginState state, String problem) {
        PluginInfo info = plugin.info();
        return new PluginStatus(info.name(), info.version(), plugin.location(), info.apiVersions(),
                info.hooks().stream().map(Hook::id).toList(), info.priority(), state, problem);
    }

    List<Backend> backends() {
        return backends;
    }

    List<PluginStatus> statuses() {
        return statuses;
    }

    /**
     * The operations recorded by the plugins that record plans (dry-run), for {@code Baton#plan()}. Each
     * {@code plan()} is plugin code and runs with that plugin's loader as context loader.
     */
    List<PlannedOperation> plans() {
        List<PlannedOperation> operations = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            if (plugin.plugin() instanceof PlanRecorder recorder) {
                try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(plugin.loader())) {
                    operations.addAll(recorder.plan());
                }
            }
        }
        return List.copyOf(operations);
    }

    @Override
    public void close() {
        plugins.forEach(StartedPlugins::closeQuietly);
        for (PluginClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.warn("cannot close class loader of plugin {}: {}", loader.pluginName(), e.toString());
            }
        }
    }

    private static void closeQuietly(LoadedPlugin plugin) {
        try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(plugin.loader())) {
            plugin.plugin().close();
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("plugin {} failed to close: {}", plugin.info().name(), e.toString());
        }
    }
}
