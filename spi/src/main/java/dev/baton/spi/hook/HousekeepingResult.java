package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * @param cgroupPath the child cgroup, relative to the hierarchy's root as in /proc/PID/cgroup ("/pod/vm/housekeeping")
 * @param created    whether this call created the cgroup
 * @param moved      the threads now in it
 */
@Unstable
public record HousekeepingResult(int pid, CgroupLayout layout, String cgroupPath, boolean created, List<Integer> moved)
        implements HookResult {
    public HousekeepingResult {
        requireNonNull(layout, "layout is null");
        requireNonNull(cgroupPath, "cgroupPath is null");
        moved = List.copyOf(moved);
    }
}
