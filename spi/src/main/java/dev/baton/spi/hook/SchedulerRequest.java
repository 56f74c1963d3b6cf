package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.InvalidRequestException;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Set the scheduling policy and priority of some threads of {@code pid}, and optionally their CPU affinity.
 *
 * <p>The kernel's range for FIFO and RR is 1..99 on every Linux; handlers still check
 * {@code sched_get_priority_min/max} because that is the authority.
 *
 * @param cpus          the CPU affinity to set; empty leaves the affinity alone
 * @param allOrNothing  if a later thread fails, restore the threads already changed and fail the whole call
 * @param resetOnFork   also set SCHED_RESET_ON_FORK, so that threads and processes these threads create start as
 *                      SCHED_OTHER instead of inheriting the policy; unprivileged code cannot clear the flag, which
 *                      is what lets batond bound the number of real-time threads it grants. false leaves the flag
 *                      as it is (it is never cleared: libvirt preserves it)
 * @param startTime     see {@link HookRequest#startTime()}
 */
@Unstable
public record SchedulerRequest(int pid, List<Integer> tids, SchedPolicy policy, int priority, List<Integer> cpus,
                               boolean allOrNothing, boolean resetOnFork, OptionalLong startTime)
        implements HookRequest {
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
        startTime = RequestChecks.startTime(startTime);
    }

    public SchedulerRequest(int pid, List<Integer> tids, SchedPolicy policy, int priority, List<Integer> cpus,
                            boolean allOrNothing) {
        this(pid, tids, policy, priority, cpus, allOrNothing, false, OptionalLong.empty());
    }

    @Override
    public SchedulerRequest withStartTime(long startTime) {
        return new SchedulerRequest(pid, tids, policy, priority, cpus, allOrNothing, resetOnFork,
                OptionalLong.of(startTime));
    }

    /** The same request, also setting SCHED_RESET_ON_FORK on the threads. */
    public SchedulerRequest withResetOnFork() {
        return new SchedulerRequest(pid, tids, policy, priority, cpus, allOrNothing, true, startTime);
    }

    /** The common case: no affinity change, threads handled independently. */
    public static SchedulerRequest of(int pid, List<Integer> tids, SchedPolicy policy, int priority) {
        return new SchedulerRequest(pid, tids, policy, priority, List.of(), false);
    }
}
