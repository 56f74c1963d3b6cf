package dev.baton.plugins.localroot;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.spi.hook.CgroupLayout;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * local-root's settings (conf/baton.yaml, plugins.local-root):
 * <ul>
 *   <li>{@code cgroupLayout}: {@code auto} (default: v1 if a v1 cpuset hierarchy is mounted, else v2), {@code v1}
 *       or {@code v2};</li>
 *   <li>{@code cgroupV1Root}, {@code cgroupV2Root}: mount points, overriding /proc/self/mountinfo.</li>
 * </ul>
 */
record LocalRootSettings(CgroupMounts cgroupMounts) {
    static LocalRootSettings from(Map<String, String> config) {
        CgroupMounts detected = CgroupMounts.detect();
        Optional<CgroupMount> v1 = override(config.get("cgroupV1Root"), CgroupLayout.V1_CPUSET)
                .or(detected::v1Cpuset);
        Optional<CgroupMount> v2 = override(config.get("cgroupV2Root"), CgroupLayout.V2_THREADED).or(detected::v2);
        String layout = config.getOrDefault("cgroupLayout", "auto");
        return switch (layout) {
            case "auto" -> new LocalRootSettings(new CgroupMounts(v1, v2));
            case "v1" -> new LocalRootSettings(new CgroupMounts(v1, Optional.empty()));
            case "v2" -> new LocalRootSettings(new CgroupMounts(Optional.empty(), v2));
            default -> throw new IllegalArgumentException("plugins.local-root.cgroupLayout must be auto, v1 or v2, not '"
                    + layout + "'");
        };
    }

    private static Optional<CgroupMount> override(String mountPoint, CgroupLayout layout) {
        return Optional.ofNullable(mountPoint).filter(s -> !s.isBlank())
                .map(s -> new CgroupMount(layout, Path.of(s), "/"));
    }
}
