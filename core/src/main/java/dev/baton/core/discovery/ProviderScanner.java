package dev.baton.core.discovery;

import dev.baton.spi.BatonPlugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one discovery path, used for the class path and for every plugin loader: ServiceLoader over one loader,
 * keeping only the providers that loader defined. A provider defined by another loader (a parent's, seen through
 * resource delegation) is dropped, so nothing is discovered twice.
 */
final class ProviderScanner {
    private ProviderScanner() {}

    /** A provider that was instantiated, or the reason one could not be. */
    record Found(BatonPlugin plugin, String problem) {}

    static List<Found> scan(ClassLoader loader) {
        List<Found> found = new ArrayList<>();
        Iterator<BatonPlugin> providers = ServiceLoader.load(BatonPlugin.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                BatonPlugin plugin = providers.next();
                if (plugin.getClass().getClassLoader() == loader) {
                    found.add(new Found(plugin, null));
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                // ServiceLoader's iterator carries on with the next provider after an error.
                found.add(new Found(null, describe(e)));
            }
        }
        return found;
    }

    /** "constructor of com.example.X threw IllegalStateException: boom" rather than a stack trace. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage();
        if (root != e) {
            message = message + ": " + root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return message;
    }
}
