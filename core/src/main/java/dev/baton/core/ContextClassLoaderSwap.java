package dev.baton.core;

/**
 * Sets the thread context class loader to a plugin's loader for the duration of a try-with-resources block, so
 * that libraries inside the plugin (Jackson, JNA, ServiceLoader users) find the plugin's classes.
 */
public final class ContextClassLoaderSwap implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    private ContextClassLoaderSwap(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
    }

    public static ContextClassLoaderSwap to(ClassLoader loader) {
        return new ContextClassLoaderSwap(loader);
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
