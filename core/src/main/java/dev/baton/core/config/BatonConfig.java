package dev.baton.core.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The contents of conf/baton.yaml.
 *
 * @param strict     never fall back to doing an operation in-process
 * @param pluginsDir where directory plugins live; relative paths were resolved against the file's directory
 * @param routes     hook id to plugin name
 * @param plugins    plugin name to that plugin's settings
 */
public record BatonConfig(boolean strict, Optional<Path> pluginsDir, Map<String, String> routes,
                          Map<String, Map<String, String>> plugins) {
    public static final BatonConfig EMPTY = new BatonConfig(false, Optional.empty(), Map.of(), Map.of());

    public BatonConfig {
        requireNonNull(pluginsDir, "pluginsDir is null");
        routes = Map.copyOf(routes);
        plugins = Map.copyOf(plugins);
    }
}
