package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The scheduling state of one thread.
 *
 * @param resetOnFork whether SCHED_RESET_ON_FORK is set; it is masked off the policy and preserved when setting
 * @param cpus        the CPU affinity, sorted
 */
@Unstable
public record SchedState(SchedPolicy policy, int priority, boolean resetOnFork, List<Integer> cpus) {
    public SchedState {
        requireNonNull(policy, "policy is null");
        cpus = List.copyOf(cpus);
    }

    @Override
    public String toString() {
        return policy + "/" + priority + (resetOnFork ? "+RESET_ON_FORK" : "") + " cpus=" + CpuList.format(cpus);
    }
}
