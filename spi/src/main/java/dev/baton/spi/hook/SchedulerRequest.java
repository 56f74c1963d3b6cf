package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.InvalidRequestException;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Set the scheduling policy and priority of some threads of {@code pid}, and optionally their CPU affinity.
 *
 * <p>The kernel's range for FIFO and RR is 1..99 on every Linux; handlers still check
 * {@code sched_get_priority_min/max} because that is the authority.
 *
 * @param cpus          the CPU affinity to set; empty leaves the affinity alone
 * @param allOrNothing  if a later thread fails, restore the threads already changed and fail the whole call
 */
@Unstable
public record SchedulerRequest(int pid, List<Integer> tids, SchedPolicy policy, int priority, List<Integer> cpus,
                               boolean allOrNothing) implements HookRequest {
    public static final int MIN_REALTIME_PRIORITY = 1;
    public static final int MAX_REALTIME_PRIORITY = 99;

    public SchedulerRequest {
        RequestChecks.pid(pid);
        tids = RequestChecks.tids(tids);
        requireNonNull(policy, "policy is null");
        cpus = RequestChecks.cpus(cpus);
        if (policy.isRealtime()) {
            if (priority < MIN_REALTIME_PRIORITY || priority > MAX_REALTIME_PRIORITY) {
                throw new InvalidRequestException("priority", "for " + policy + " must be " + MIN_REALTIME_PRIORITY
                        + ".." + MAX_REALTIME_PRIORITY + " (got " + priority + ")");
            }
        } else if (priority != 0) {
            throw new InvalidRequestException("priority", "for " + policy + " must be 0 (got " + priority + ")");
        }
    }

    /** The common case: no affinity change, threads handled independently. */
    public static SchedulerRequest of(int pid, List<Integer> tids, SchedPolicy policy, int priority) {
        return new SchedulerRequest(pid, tids, policy, priority, List.of(), false);
    }
}
