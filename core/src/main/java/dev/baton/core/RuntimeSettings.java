package dev.baton.core;

import dev.baton.spi.HandlerSet;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the builder collected, merged with conf/baton.yaml (the builder wins).
 *
 * @param classPath    the loader to scan with ServiceLoader, or empty to skip class-path discovery
 * @param routes       hook id to plugin name
 * @param codeHandlers handlers registered in code
 */
record RuntimeSettings(int apiVersion, boolean strict, Optional<Path> pluginsDir, Optional<ClassLoader> classPath,
                       Map<String, String> routes, Map<String, Map<String, String>> pluginConfig,
                       HandlerSet codeHandlers, Clock clock) {
    RuntimeSettings {
        routes = Map.copyOf(routes);
        pluginConfig = Map.copyOf(pluginConfig);
    }
}
