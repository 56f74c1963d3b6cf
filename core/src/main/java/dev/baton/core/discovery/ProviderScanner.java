package dev.baton.core.discovery;

import dev.baton.core.ContextClassLoaderSwap;
import dev.baton.spi.BatonPlugin;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Spliterator;

/**
 * The one discovery path, used for the class path and for every plugin loader: ServiceLoader over one loader,
 * keeping only the providers that loader defined. A provider defined by another loader (a parent's, seen through
 * resource delegation) is dropped by its class alone, before it is instantiated, so its constructor never runs
 * and nothing is discovered twice.
 *
 * <p>Constructors are plugin code, so they run with the scanned loader as the thread context class loader, like
 * every other call into a plugin.
 */
final class ProviderScanner {
    private ProviderScanner() {}

    /** A provider that was instantiated, or the reason one could not be. */
    record Found(BatonPlugin plugin, String problem) {}

    static List<Found> scan(ClassLoader loader) {
        List<Found> found = new ArrayList<>();
        try (ContextClassLoaderSwap ignored = ContextClassLoaderSwap.to(loader)) {
            Spliterator<ServiceLoader.Provider<BatonPlugin>> providers =
                    ServiceLoader.load(BatonPlugin.class, loader).stream().spliterator();
            boolean more = true;
            while (more) {
                try {
                    more = providers.tryAdvance(provider -> {
                        // type() loads the class without initializing it; get() would run the constructor.
                        if (provider.type().getClassLoader() == loader) {
                            found.add(new Found(provider.get(), null));
                        }
                    });
                } catch (ServiceConfigurationError | LinkageError e) {
                    // ServiceLoader carries on with the next provider after an error.
                    found.add(new Found(null, describe(e)));
                }
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
