package dev.baton.plugins.localroot;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PluginContext;
import dev.baton.spi.PluginInfo;

import java.util.Set;

/**
 * Performs the four operations in this process, the way libvirt does them today: the RFC's fallback when no
 * handler is installed, and the engine inside batond on the privileged side.
 *
 * <p>Every operation pins its target (and each thread) with a pidfd before acting and checks afterwards that the
 * target is still the same process, so a recycled pid is never acted on unnoticed.
 */
public final class LocalRootPlugin implements BatonPlugin {
    public static final String NAME = "local-root";

    @Override
    public PluginInfo info() {
        String version = LocalRootPlugin.class.getPackage().getImplementationVersion();
        return new PluginInfo(NAME, version == null ? "dev" : version, Set.of(InternalApi.VERSION),
                Set.copyOf(Hook.all()), 0, Effect.APPLIES);
    }

    @Override
    public HandlerSet start(PluginContext context) {
        LocalRootSettings settings = LocalRootSettings.from(context.config());
        HousekeepingOperation housekeeping = new HousekeepingOperation(settings.cgroupMounts(), context.logger());
        return HandlerSet.builder()
                .on(Hook.MEMLOCK, MemlockOperation::apply)
                .on(Hook.SCHEDULER, new SchedulerOperation(context.logger())::apply)
                .on(Hook.HOUSEKEEPING, housekeeping::apply)
                .on(Hook.INSPECT, InspectOperation::apply)
                .build();
    }
}
