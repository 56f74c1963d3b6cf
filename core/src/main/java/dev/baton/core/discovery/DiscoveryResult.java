package dev.baton.core.discovery;

import java.util.List;

/**
 * @param loaded   compatible plugins, instantiated, not yet started
 * @param rejected plugins that are incompatible or broken, with the reason
 * @param loaders  the per-plugin class loaders to close when the runtime closes
 */
public record DiscoveryResult(List<LoadedPlugin> loaded, List<PluginStatus> rejected, List<PluginClassLoader> loaders) {
    public DiscoveryResult {
        loaded = List.copyOf(loaded);
        rejected = List.copyOf(rejected);
        loaders = List.copyOf(loaders);
    }
}
