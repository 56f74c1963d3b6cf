package dev.baton.samples.inhouse;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PluginContext;
import dev.baton.spi.PluginInfo;

import java.util.Set;

/**
 * The "we already have a setuid helper" plugin: claims {@code scheduler} and {@code memlock} and forwards each
 * operation, within an allow-list, to the site's existing privileged helper command. It compiles against the SPI
 * alone; settings come from {@code plugins.in-house} in conf/baton.yaml (see {@link InHouseSettings}).
 */
public final class InHousePlugin implements BatonPlugin {
    public static final String NAME = "in-house";

    /** Above zero, so an installed in-house plugin takes unrouted scheduler and memlock calls by priority. */
    private static final int PRIORITY = 50;

    @Override
    public PluginInfo info() {
        // Implementation-Version comes from the jar's manifest; a classes directory has none.
        String version = InHousePlugin.class.getPackage().getImplementationVersion();
        return new PluginInfo(NAME, version == null ? "dev" : version, Set.of(InternalApi.VERSION),
                Set.of(Hook.SCHEDULER, Hook.MEMLOCK), PRIORITY, Effect.APPLIES);
    }

    /**
     * Reads and checks the settings; a bad setting throws here, so core marks the plugin BROKEN and a route to it
     * fails at startup rather than at the first call. The helper itself is only looked at when a call needs it.
     */
    @Override
    public HandlerSet start(PluginContext context) {
        InHouseSettings settings = InHouseSettings.from(context.config());
        SiteHelper helper = new SiteHelper(settings.helper(), settings.timeout());
        context.logger().log(System.Logger.Level.INFO, "in-house forwards " + settings.allow() + " to "
                + settings.helper());
        return HandlerSet.builder()
                .on(Hook.SCHEDULER, new SchedulerForwarding(settings.allow(), helper, context.logger())::handle)
                .on(Hook.MEMLOCK, new MemlockForwarding(settings.allow(), helper)::handle)
                .build();
    }
}
