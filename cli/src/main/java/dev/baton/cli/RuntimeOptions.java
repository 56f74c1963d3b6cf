package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The options every hook command shares, and how they become a {@link Baton}: conf/baton.yaml and the plugins
 * directory of the installation (BATON_HOME) unless given, options overriding the file.
 */
public final class RuntimeOptions {
    @Option(names = "--backend", paramLabel = "NAME", description = "Force the route of this hook to plugin NAME.")
    String backend;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration (default: $BATON_HOME/conf/baton.yaml).")
    Path config;

    @Option(names = "--plugins-dir", paramLabel = "DIR", description = "Plugins directory (default: $BATON_HOME/plugins).")
    Path pluginsDir;

    @Option(names = "--socket", paramLabel = "PATH", description = "batond's socket, for remote-handler.")
    Path socket;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    /** Builds the runtime. {@code hook} is the hook --backend applies to; null for commands without one. */
    Baton start(Hook<?, ?> hook) {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        Optional<Path> home = Optional.ofNullable(System.getenv("BATON_HOME")).map(Path::of);
        Optional.ofNullable(config).or(() -> home.map(h -> h.resolve("conf/baton.yaml")).filter(Files::isRegularFile))
                .ifPresent(builder::config);
        Optional.ofNullable(pluginsDir).or(() -> home.map(h -> h.resolve("plugins")).filter(Files::isDirectory))
                .ifPresent(builder::pluginsDirectory);
        if (socket != null) {
            builder.pluginConfig("remote-handler", Map.of("socket", socket.toString()));
        }
        if (backend != null) {
            if (hook == null) {
                Hook.all().forEach(h -> builder.route(h, backend));
            } else {
                builder.route(hook, backend);
            }
        }
        return builder.build();
    }

    boolean json() {
        return json;
    }
}
