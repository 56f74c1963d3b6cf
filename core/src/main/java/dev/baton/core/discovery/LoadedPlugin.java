package dev.baton.core.discovery;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.PluginInfo;

import static java.util.Objects.requireNonNull;

/**
 * A compatible plugin that has been instantiated but not yet started.
 *
 * @param loader   the loader that defined it: its own {@link PluginClassLoader}, or the application's
 * @param location the jar or directory it came from
 */
public record LoadedPlugin(BatonPlugin plugin, PluginInfo info, ClassLoader loader, String location) {
    public LoadedPlugin {
        requireNonNull(plugin, "plugin is null");
        requireNonNull(info, "info is null");
        requireNonNull(loader, "loader is null");
        requireNonNull(location, "location is null");
    }
}
