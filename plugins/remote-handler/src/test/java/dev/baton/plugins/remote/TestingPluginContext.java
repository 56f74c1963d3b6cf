package dev.baton.plugins.remote;

import dev.baton.spi.PluginContext;

import java.time.Clock;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** What core hands a plugin at start, without core: a config map, a JDK logger, the system clock. */
record TestingPluginContext(Map<String, String> config, int apiVersion) implements PluginContext {
    TestingPluginContext {
        config = Map.copyOf(requireNonNull(config, "config is null"));
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("dev.baton.plugin." + RemoteHandlerPlugin.NAME);
    }

    @Override
    public Clock clock() {
        return Clock.systemUTC();
    }
}
