package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A consistent snapshot of one process, taken while it was pinned with a pidfd.
 *
 * @param startTime the start time in clock ticks since boot (field 22 of /proc/PID/stat); with the pid it
 *                  identifies the process across pid reuse
 * @param state     the one-letter state (R, S, D, Z, ...)
 * @param cgroups   the lines of /proc/PID/cgroup, e.g. "3:cpuset:/machine" and "0::/machine"
 */
@Unstable
public record InspectResult(int pid, String exe, int uid, int euid, int gid, int egid, int ppid, long startTime,
                            String state, List<String> cgroups, MemlockLimits memlock) implements HookResult {
    public InspectResult {
        requireNonNull(exe, "exe is null");
        requireNonNull(state, "state is null");
        requireNonNull(memlock, "memlock is null");
        cgroups = List.copyOf(cgroups);
    }
}
