package dev.baton.spi.hook;

import dev.baton.spi.error.InvalidRequestException;

import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/** The validations shared by several requests, so every request words the same problem the same way. */
final class RequestChecks {
    /** The kernel's NR_CPUS ceiling; anything above is certainly a typo. */
    static final int MAX_CPU = 8191;

    private RequestChecks() {}

    static void pid(int pid) {
        if (pid <= 0) {
            throw new InvalidRequestException("pid", "must be > 0 (got " + pid + ")");
        }
    }

    static OptionalLong startTime(OptionalLong startTime) {
        if (startTime == null) {
            return OptionalLong.empty();
        }
        if (startTime.isPresent() && startTime.getAsLong() < 0) {
            throw new InvalidRequestException("startTime", "must be >= 0 clock ticks since boot (got "
                    + startTime.getAsLong() + ")");
        }
        return startTime;
    }

    static List<Integer> tids(List<Integer> tids) {
        if (tids == null || tids.isEmpty()) {
            throw new InvalidRequestException("tids", "must list at least one thread id");
        }
        Set<Integer> seen = new HashSet<>();
        for (Integer tid : tids) {
            if (tid == null || tid <= 0) {
                throw new InvalidRequestException("tids", "must all be > 0 (got " + tid + ")");
            }
            if (!seen.add(tid)) {
                throw new InvalidRequestException("tids", "lists thread " + tid + " twice");
            }
        }
        return List.copyOf(tids);
    }

    /** Null or empty means "leave the affinity alone". Returns the cpus sorted and without duplicates. */
    static List<Integer> cpus(List<Integer> cpus) {
        if (cpus == null) {
            return List.of();
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer cpu : cpus) {
            if (cpu == null || cpu < 0 || cpu > MAX_CPU) {
                throw new InvalidRequestException("cpus", "must be CPU numbers from 0 to " + MAX_CPU + " (got " + cpu + ")");
            }
            sorted.add(cpu);
        }
        return List.copyOf(sorted);
    }
}
