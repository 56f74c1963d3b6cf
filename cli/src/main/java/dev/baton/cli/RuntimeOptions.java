package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.BatonConfigLoader;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The options every hook command shares, and how they become a {@link Baton}: conf/baton.yaml and the plugins
 * directory of the installation (BATON_HOME) unless given, options overriding the file.
 */
public final class RuntimeOptions {
    static final String REMOTE_HANDLER = "remote-handler";
    static final Path DEFAULT_SOCKET = Path.of("/run/baton/batond.sock");

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

    /** Where batond's socket was taken from, for {@code doctor}. */
    record BatondSocket(Path path, String source) {}

    /** Builds the runtime. {@code hook} is the hook --backend applies to; null for commands without one. */
    Baton start(Hook<?, ?> hook) {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        Optional<Path> configFile = configFile();
        configFile.ifPresent(builder::config);
        pluginsDirectory().ifPresent(builder::pluginsDirectory);
        if (socket != null) {
            // The builder's plugin settings replace the file's map as a whole; keep the file's timeouts and limits.
            Map<String, String> settings = new LinkedHashMap<>(fileSettings(configFile, REMOTE_HANDLER));
            settings.put("socket", socket.toString());
            builder.pluginConfig(REMOTE_HANDLER, settings);
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

    /** --socket, else remote-handler's socket in the configuration, else remote-handler's default. */
    BatondSocket batondSocket() {
        if (socket != null) {
            return new BatondSocket(socket, "--socket");
        }
        Optional<Path> file = configFile();
        String configured = fileSettings(file, REMOTE_HANDLER).get("socket");
        if (configured != null) {
            return new BatondSocket(Path.of(configured.trim()), "plugins.remote-handler.socket in " + file.orElseThrow());
        }
        return new BatondSocket(DEFAULT_SOCKET, "remote-handler's default");
    }

    Optional<Path> configFile() {
        return Optional.ofNullable(config).or(() -> home().map(h -> h.resolve("conf/baton.yaml")).filter(Files::isRegularFile));
    }

    private Optional<Path> pluginsDirectory() {
        return Optional.ofNullable(pluginsDir).or(() -> home().map(h -> h.resolve("plugins")).filter(Files::isDirectory));
    }

    private static Map<String, String> fileSettings(Optional<Path> file, String plugin) {
        return file.map(BatonConfigLoader::load).map(BatonConfig::plugins)
                .map(plugins -> plugins.getOrDefault(plugin, Map.of())).orElse(Map.of());
    }

    private static Optional<Path> home() {
        return Optional.ofNullable(System.getenv("BATON_HOME")).map(Path::of);
    }

    boolean json() {
        return json;
    }
}
