package dev.baton.plugins.dryrun;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PlanRecorder;
import dev.baton.spi.PluginContext;
import dev.baton.spi.PluginInfo;
import dev.baton.spi.hook.PlannedOperation;

import java.util.List;
import java.util.Set;

/**
 * Claims every hook and changes nothing: each call is written down as a {@link PlannedOperation}, next to the
 * current values that can be read without privilege. Core marks its outcomes "planned", never "verified".
 *
 * <p>Its priority is the lowest, and core never picks a plan-only plugin by priority anyway: a dry-run happens
 * only when a route names it.
 */
public final class DryRunPlugin implements BatonPlugin, PlanRecorder {
    public static final String NAME = "dry-run";

    private final Plan plan = new Plan();

    @Override
    public PluginInfo info() {
        String version = DryRunPlugin.class.getPackage().getImplementationVersion();
        return new PluginInfo(NAME, version == null ? "dev" : version, Set.of(InternalApi.VERSION),
                Set.copyOf(Hook.all()), -100, Effect.PLANS_ONLY);
    }

    @Override
    public HandlerSet start(PluginContext context) {
        Planner planner = new Planner(plan);
        return HandlerSet.builder()
                .on(Hook.MEMLOCK, planner::memlock)
                .on(Hook.SCHEDULER, planner::scheduler)
                .on(Hook.HOUSEKEEPING, planner::housekeeping)
                .on(Hook.INSPECT, planner::inspect)
                .build();
    }

    @Override
    public List<PlannedOperation> plan() {
        return plan.operations();
    }
}
