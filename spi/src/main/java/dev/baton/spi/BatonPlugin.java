package dev.baton.spi;

/**
 * The single entry point of a plugin, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.baton.spi.BatonPlugin}. A public no-argument constructor is required.
 *
 * <p>Lifecycle: core reads {@link #info()}; if the plugin implements the negotiated API version it calls
 * {@link #start(PluginContext)} once, routes calls to the returned handlers, and finally calls {@link #close()}.
 * An incompatible plugin is never started. See docs/writing-a-plugin.md.
 */
@Unstable
public interface BatonPlugin extends AutoCloseable {
    PluginInfo info();

    /**
     * Starts the plugin and returns one handler per hook in {@link PluginInfo#hooks()}. Keep this cheap: connect to
     * remote services lazily, because {@code baton plugins} starts every compatible plugin.
     */
    HandlerSet start(PluginContext context);

    /** Releases what {@link #start(PluginContext)} acquired. The default does nothing. */
    @Override
    default void close() {}
}
