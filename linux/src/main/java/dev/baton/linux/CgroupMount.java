package dev.baton.linux;

import dev.baton.spi.hook.CgroupLayout;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Where a cgroup hierarchy is mounted.
 *
 * @param mountPoint where it is mounted, e.g. /sys/fs/cgroup/cpuset
 * @param root       the hierarchy path that the mount shows at its top (field 4 of mountinfo), usually "/"
 */
public record CgroupMount(CgroupLayout layout, Path mountPoint, String root) {
    public CgroupMount {
        requireNonNull(layout, "layout is null");
        requireNonNull(mountPoint, "mountPoint is null");
        requireNonNull(root, "root is null");
    }

    /**
     * The directory of hierarchy path {@code cgroupPath} (as /proc/PID/cgroup shows it), or empty if that path
     * lies outside the part of the hierarchy this mount shows.
     */
    public Optional<Path> directoryOf(String cgroupPath) {
        String normalizedRoot = root.endsWith("/") ? root : root + "/";
        String relative;
        if (cgroupPath.equals(root)) {
            relative = "";
        } else if (cgroupPath.startsWith(normalizedRoot)) {
            relative = cgroupPath.substring(normalizedRoot.length());
        } else {
            return Optional.empty();
        }
        Path dir = relative.isEmpty() ? mountPoint : mountPoint.resolve(relative).normalize();
        return dir.startsWith(mountPoint) ? Optional.of(dir) : Optional.empty();
    }
}
