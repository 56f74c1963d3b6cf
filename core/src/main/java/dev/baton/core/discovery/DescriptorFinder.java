package dev.baton.core.discovery;

import dev.baton.spi.InternalApi;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PropertiesPluginDescriptorFinder;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * Reads plugin.properties (PF4J's format) from a plugin jar or directory, including {@code plugin.apiVersions}.
 * The versions are read before any plugin class is loaded, so an incompatible plugin's code never runs.
 */
final class DescriptorFinder extends PropertiesPluginDescriptorFinder {
    static final String API_VERSIONS = "plugin.apiVersions";

    BatonPluginDescriptor read(Path pluginPath) {
        PluginDescriptor descriptor = find(pluginPath);
        if (!(descriptor instanceof BatonPluginDescriptor baton)) {
            throw new PluginRuntimeException("unexpected descriptor type " + descriptor.getClass());
        }
        return baton;
    }

    @Override
    protected PluginDescriptor createPluginDescriptor(Properties properties) {
        String id = properties.getProperty(PLUGIN_ID);
        if (id == null || id.isBlank()) {
            throw new PluginRuntimeException("plugin.properties has no " + PLUGIN_ID);
        }
        String versions = properties.getProperty(API_VERSIONS);
        if (versions == null || versions.isBlank()) {
            throw new PluginRuntimeException("plugin.properties of '" + id + "' has no " + API_VERSIONS
                    + " (the internal API versions it implements, e.g. " + API_VERSIONS + "=" + InternalApi.VERSION + ")");
        }
        Set<Integer> apiVersions;
        try {
            apiVersions = InternalApi.parseVersions(versions);
        } catch (IllegalArgumentException e) {
            throw new PluginRuntimeException("plugin.properties of '" + id + "': " + API_VERSIONS + ": " + e.getMessage());
        }
        return new BatonPluginDescriptor(id.trim(), properties.getProperty(PLUGIN_VERSION, "unknown").trim(), apiVersions);
    }
}
