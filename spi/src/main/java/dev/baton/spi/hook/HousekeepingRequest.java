package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;
import java.util.OptionalLong;

/**
 * Move threads of {@code pid} into the child cgroup {@code cgroup} of the process's own cgroup, creating it if
 * needed (KubeVirt's "housekeeping" cgroup).
 *
 * @param cgroup one safe path component, see {@link CgroupName}
 * @param cpus   the cpuset to give the child cgroup; empty keeps the parent's
 * @param startTime see {@link HookRequest#startTime()}
 */
@Unstable
public record HousekeepingRequest(int pid, List<Integer> tids, String cgroup, List<Integer> cpus,
                                  OptionalLong startTime) implements HookRequest {
    public HousekeepingRequest {
        RequestChecks.pid(pid);
        tids = RequestChecks.tids(tids);
        CgroupName.requireSafe(cgroup);
        cpus = RequestChecks.cpus(cpus);
        startTime = RequestChecks.startTime(startTime);
    }

    public HousekeepingRequest(int pid, List<Integer> tids, String cgroup, List<Integer> cpus) {
        this(pid, tids, cgroup, cpus, OptionalLong.empty());
    }

    @Override
    public HousekeepingRequest withStartTime(long startTime) {
        return new HousekeepingRequest(pid, tids, cgroup, cpus, OptionalLong.of(startTime));
    }
}
