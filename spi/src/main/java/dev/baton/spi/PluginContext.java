package dev.baton.spi;

import java.time.Clock;
import java.util.Map;

/**
 * The narrow view of the host that a plugin receives when it is started. Plugins never see core's injector.
 */
@Unstable
public interface PluginContext {
    /** This plugin's section of {@code conf/baton.yaml} ({@code plugins.<name>}), flattened to strings. */
    Map<String, String> config();

    /** A logger named after the plugin; the host routes it to SLF4J. */
    System.Logger logger();

    Clock clock();

    /** The internal API version negotiated with the embedding application; calls use exactly this version. */
    int apiVersion();
}
