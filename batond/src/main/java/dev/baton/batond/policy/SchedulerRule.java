package dev.baton.batond.policy;

import dev.baton.spi.hook.SchedPolicy;

import java.util.Set;

/** @param maxRealtimeThreadsPerProcess FIFO/RR threads a target may have after the call, counting existing ones */
public record SchedulerRule(Set<SchedPolicy> policies, int maxPriority, int maxRealtimeThreadsPerProcess) {
    public SchedulerRule {
        policies = Set.copyOf(policies);
    }
}
