package dev.baton.linux;

import dev.baton.spi.hook.CgroupLayout;

import java.util.List;
import java.util.Optional;

/** Reads a path out of the lines of /proc/PID/cgroup ("hierarchy-id:controllers:path"). */
public final class ProcCgroup {
    private ProcCgroup() {}

    /** The path in the hierarchy of {@code layout}: the line listing cpuset on v1, the "0::" line on v2. */
    public static Optional<String> path(List<String> lines, CgroupLayout layout) {
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length != 3) {
                continue;
            }
            boolean match = layout == CgroupLayout.V2_THREADED
                    ? parts[0].equals("0") && parts[1].isEmpty()
                    : List.of(parts[1].split(",")).contains("cpuset");
            if (match) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }
}
