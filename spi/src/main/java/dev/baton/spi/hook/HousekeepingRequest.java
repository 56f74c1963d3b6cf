package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;

/**
 * Move threads of {@code pid} into the child cgroup {@code cgroup} of the process's own cgroup, creating it if
 * needed (KubeVirt's "housekeeping" cgroup).
 *
 * @param cgroup one safe path component, see {@link CgroupName}
 * @param cpus   the cpuset to give the child cgroup; empty keeps the parent's
 */
@Unstable
public record HousekeepingRequest(int pid, List<Integer> tids, String cgroup, List<Integer> cpus)
        implements HookRequest {
    public HousekeepingRequest {
        RequestChecks.pid(pid);
        tids = RequestChecks.tids(tids);
        CgroupName.requireSafe(cgroup);
        cpus = RequestChecks.cpus(cpus);
    }
}
