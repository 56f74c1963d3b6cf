package dev.baton.linux;

import dev.baton.spi.hook.CgroupLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the cgroup hierarchies in /proc/self/mountinfo: the v1 hierarchy that has the cpuset controller, and the
 * v2 unified hierarchy. Hosts differ (pure v2, hybrid like this machine, pure v1), so nothing is hard-coded.
 */
public final class CgroupMounts {
    private final Optional<CgroupMount> v1Cpuset;
    private final Optional<CgroupMount> v2;

    public CgroupMounts(Optional<CgroupMount> v1Cpuset, Optional<CgroupMount> v2) {
        this.v1Cpuset = v1Cpuset;
        this.v2 = v2;
    }

    public static CgroupMounts detect() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/mountinfo", e);
        }
    }

    /** Parses mountinfo lines: "id parent dev root mountpoint opts [optional...] - fstype source superopts". */
    static CgroupMounts parse(List<String> lines) {
        Optional<CgroupMount> v1 = Optional.empty();
        Optional<CgroupMount> v2 = Optional.empty();
        for (String line : lines) {
            int dash = line.indexOf(" - ");
            if (dash < 0) {
                continue;
            }
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) {
                continue;
            }
            String root = unescape(left[3]);
            Path mountPoint = Path.of(unescape(left[4]));
            if (right[0].equals("cgroup") && v1.isEmpty() && List.of(right[2].split(",")).contains("cpuset")) {
                v1 = Optional.of(new CgroupMount(CgroupLayout.V1_CPUSET, mountPoint, root));
            } else if (right[0].equals("cgroup2") && v2.isEmpty()) {
                v2 = Optional.of(new CgroupMount(CgroupLayout.V2_THREADED, mountPoint, root));
            }
        }
        return new CgroupMounts(v1, v2);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    private static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    public Optional<CgroupMount> v1Cpuset() {
        return v1Cpuset;
    }

    public Optional<CgroupMount> v2() {
        return v2;
    }

    /** The hierarchy that holds cpuset: v1 if a v1 cpuset hierarchy is mounted, otherwise v2. */
    public Optional<CgroupMount> cpusetHolder() {
        return v1Cpuset.isPresent() ? v1Cpuset : v2;
    }
}
