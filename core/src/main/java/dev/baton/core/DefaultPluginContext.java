package dev.baton.core;

import dev.baton.spi.PluginContext;

import java.time.Clock;
import java.util.Map;

/** The narrow context a plugin is started with: its settings, a logger, a clock and the negotiated version. */
record DefaultPluginContext(Map<String, String> config, System.Logger logger, Clock clock, int apiVersion)
        implements PluginContext {
    DefaultPluginContext {
        config = Map.copyOf(config);
    }

    static DefaultPluginContext forPlugin(String name, Map<String, String> config, Clock clock, int apiVersion) {
        return new DefaultPluginContext(config, new Slf4jSystemLogger("dev.baton.plugin." + name), clock, apiVersion);
    }
}
