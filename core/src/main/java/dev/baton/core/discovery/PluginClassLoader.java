package dev.baton.core.discovery;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * One class loader per directory plugin, child-first except for the packages the host must share.
 *
 * <p>The parent is the platform loader, so a plugin sees the JDK but none of the application's libraries; it
 * bundles its own (Jackson, JNA, ...) in its lib/ directory. {@code dev.baton.spi.*} and {@code org.slf4j.*} come
 * from the host, parent-first: a plugin that bundles its own copy of the SPI would otherwise define a second
 * {@code BatonPlugin} type and fail with ClassCastException, the classic PF4J problem.
 */
public final class PluginClassLoader extends URLClassLoader {
    private static final List<String> HOST_FIRST = List.of("java.", "dev.baton.spi.", "org.slf4j.");

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final String pluginName;

    public PluginClassLoader(String pluginName, List<URL> urls, ClassLoader host) {
        super("plugin-" + pluginName, urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.pluginName = pluginName;
        this.host = host;
    }

    public String pluginName() {
        return pluginName;
    }

    static boolean isHostFirst(String name) {
        return HOST_FIRST.stream().anyMatch(name::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                if (isHostFirst(name)) {
                    loaded = host.loadClass(name);
                } else {
                    try {
                        loaded = findClass(name);
                    } catch (ClassNotFoundException notInPlugin) {
                        loaded = getParent().loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    /** The plugin's own resources only: ServiceLoader must not see the host's service files through here. */
    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Enumeration<URL> own = findResources(name);
        return own.hasMoreElements() ? own : Collections.emptyEnumeration();
    }
}
