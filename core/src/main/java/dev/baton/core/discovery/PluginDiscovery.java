package dev.baton.core.discovery;

import dev.baton.core.ContextClassLoaderSwap;
import dev.baton.core.StartupException;
import dev.baton.spi.BatonPlugin;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PluginInfo;
import org.pf4j.CompoundPluginRepository;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.DefaultPluginRepository;
import org.pf4j.JarPluginRepository;
import org.pf4j.PluginRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds plugins in two sources with one mechanism: ServiceLoader on the application's class path, and PF4J's
 * repositories for a plugins directory (plain jars, and directories with classes/ and lib/). Broken plugins are
 * reported and skipped; duplicate names stop startup.
 */
public final class PluginDiscovery {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);

    private final int apiVersion;
    private final DescriptorFinder descriptors = new DescriptorFinder();
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private final List<PluginStatus> rejected = new ArrayList<>();
    private final List<PluginClassLoader> loaders = new ArrayList<>();
    private final Map<String, String> locationByName = new LinkedHashMap<>();

    private PluginDiscovery(int apiVersion) {
        this.apiVersion = apiVersion;
    }

    /**
     * @param apiVersion   the version negotiated with the embedding application
     * @param classPath    the loader to scan with ServiceLoader, or empty to skip the class path
     * @param pluginsDir   the plugins directory, or empty
     */
    public static DiscoveryResult discover(int apiVersion, Optional<ClassLoader> classPath, Optional<Path> pluginsDir) {
        PluginDiscovery discovery = new PluginDiscovery(apiVersion);
        try {
            classPath.ifPresent(discovery::scanClassPath);
            pluginsDir.ifPresent(discovery::scanDirectory);
        } catch (RuntimeException e) {
            discovery.loaders.forEach(PluginDiscovery::closeQuietly);
            throw e;
        }
        return new DiscoveryResult(discovery.loaded, discovery.rejected, discovery.loaders);
    }

    private void scanClassPath(ClassLoader loader) {
        for (ProviderScanner.Found found : ProviderScanner.scan(loader)) {
            if (found.plugin() == null) {
                broken("?", "class path", found.problem());
                continue;
            }
            String location = CodeLocation.of(found.plugin().getClass());
            PluginInfo info;
            try {
                info = infoOf(found.plugin(), loader);
            } catch (RuntimeException | LinkageError e) {
                broken(found.plugin().getClass().getName(), location, "info() threw " + ProviderScanner.describe(e));
                continue;
            }
            claimName(info.name(), location);
            if (!info.apiVersions().contains(apiVersion)) {
                incompatible(info.name(), info.version(), location, info.apiVersions());
                continue;
            }
            loaded.add(new LoadedPlugin(found.plugin(), info, loader, location));
        }
    }

    private void scanDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StartupException("plugins directory " + dir + " does not exist or is not a directory");
        }
        PluginRepository repository = new CompoundPluginRepository()
                .add(new JarPluginRepository(dir))
                .add(new DefaultPluginRepository(dir));
        // Sorted, so that which of two duplicates is reported first does not depend on directory order.
        List<Path> paths = repository.getPluginPaths().stream().sorted().distinct().toList();
        List<Map.Entry<Path, BatonPluginDescriptor>> candidates = new ArrayList<>();
        for (Path path : paths) {
            try {
                BatonPluginDescriptor descriptor = descriptors.read(path);
                claimName(descriptor.getPluginId(), path.toString());
                candidates.add(Map.entry(path, descriptor));
            } catch (StartupException e) {
                throw e;
            } catch (RuntimeException e) {
                broken(path.getFileName().toString(), path.toString(), "invalid descriptor: " + e.getMessage());
            }
        }
        for (Map.Entry<Path, BatonPluginDescriptor> candidate : candidates) {
            load(candidate.getKey(), candidate.getValue());
        }
    }

    private void load(Path path, BatonPluginDescriptor descriptor) {
        String name = descriptor.getPluginId();
        if (!descriptor.apiVersions().contains(apiVersion)) {
            incompatible(name, descriptor.getVersion(), path.toString(), descriptor.apiVersions());
            return;
        }
        PluginClassLoader loader = new PluginClassLoader(name, classpath(path), PluginDiscovery.class.getClassLoader());
        loaders.add(loader);
        List<ProviderScanner.Found> found = ProviderScanner.scan(loader);
        Optional<String> problem = found.stream().map(ProviderScanner.Found::problem).filter(p -> p != null).findFirst();
        if (problem.isPresent()) {
            broken(name, path.toString(), problem.get());
            return;
        }
        if (found.size() != 1) {
            broken(name, path.toString(), found.isEmpty()
                    ? "declares no provider in META-INF/services/dev.baton.spi.BatonPlugin"
                    : "declares " + found.size() + " providers; a plugin jar must declare exactly one");
            return;
        }
        PluginInfo info;
        try {
            info = infoOf(found.get(0).plugin(), loader);
        } catch (RuntimeException | LinkageError e) {
            broken(name, path.toString(), "info() threw " + ProviderScanner.describe(e));
            return;
        }
        if (!info.name().equals(name) || !info.apiVersions().equals(descriptor.apiVersions())) {
            broken(name, path.toString(), "plugin.properties says '" + name + "' implementing "
                    + InternalApi.describe(descriptor.apiVersions()) + " but the plugin class says '" + info.name()
                    + "' implementing " + InternalApi.describe(info.apiVersions()));
            return;
        }
        loaded.add(new LoadedPlugin(found.get(0).plugin(), info, loader, path.toString()));
    }

    /** info() is plugin code: it runs with the plugin's loader as context loader, like every call into a plugin. */
    private static PluginInfo infoOf(BatonPlugin plugin, ClassLoader loader) {
        try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(loader)) {
            return plugin.info();
        }
    }

    /** A plain jar is its own class path; a directory contributes classes/ and every jar in lib/. */
    private static List<URL> classpath(Path path) {
        try {
            List<URL> urls = new ArrayList<>();
            if (Files.isRegularFile(path)) {
                urls.add(path.toUri().toURL());
                return urls;
            }
            Path classes = path.resolve(DefaultPluginClasspath.CLASSES_DIR);
            if (Files.isDirectory(classes)) {
                urls.add(classes.toUri().toURL());
            }
            Path lib = path.resolve(DefaultPluginClasspath.LIB_DIR);
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
            return urls;
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new StartupException("cannot list plugin directory " + path + ": " + e.getMessage(), e);
        }
    }

    private void claimName(String name, String location) {
        String previous = locationByName.putIfAbsent(name, location);
        if (previous != null) {
            throw new StartupException("two plugins are named '" + name + "': " + previous + " and " + location
                    + "; remove one of them");
        }
    }

    private void incompatible(String name, String version, String location, java.util.Set<Integer> versions) {
        String problem = "implements internal API " + InternalApi.describe(versions) + ", but this runtime uses version "
                + apiVersion;
        LOG.warn("plugin {} ({}) is incompatible: {}", name, location, problem);
        rejected.add(new PluginStatus(name, version, location, versions, List.of(), 0, PluginState.INCOMPATIBLE, problem));
    }

    private void broken(String name, String location, String problem) {
        LOG.error("plugin {} ({}) is broken and was skipped: {}", name, location, problem);
        rejected.add(new PluginStatus(name, "?", location, java.util.Set.of(), List.of(), 0, PluginState.BROKEN, problem));
    }

    private static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // closing is best effort; the JVM releases the jars on exit
        }
    }
}
