package dev.baton.batond.policy;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code clients:}. A hook whose section is absent is denied for this client.
 */
public record ClientRule(String name, ClientMatch match, TargetScope targets, Optional<MemlockRule> memlock,
                         Optional<SchedulerRule> scheduler, Optional<HousekeepingRule> housekeeping, boolean inspect) {
    public ClientRule {
        requireNonNull(name, "name is null");
        requireNonNull(match, "match is null");
        requireNonNull(targets, "targets is null");
        requireNonNull(memlock, "memlock is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(housekeeping, "housekeeping is null");
    }
}
