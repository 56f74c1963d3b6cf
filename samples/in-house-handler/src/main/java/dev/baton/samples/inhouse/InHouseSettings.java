package dev.baton.samples.inhouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The plugin's settings ({@code plugins.in-house} in conf/baton.yaml):
 * <ul>
 *   <li>{@code helper}: the absolute path of the site helper, default {@value #DEFAULT_HELPER};</li>
 *   <li>{@code allow}: what may be forwarded, default {@value #DEFAULT_ALLOW}; see {@link AllowList};</li>
 *   <li>{@code maxPriority}: the highest real-time priority forwarded, default {@value #DEFAULT_MAX_PRIORITY}
 *       (KubeVirt uses 1 for vCPUs and 2 for kvm-pit);</li>
 *   <li>{@code timeoutSeconds}: how long the helper may run before it is killed, default
 *       {@value #DEFAULT_TIMEOUT_SECONDS}.</li>
 * </ul>
 */
record InHouseSettings(Path helper, AllowList allow, Duration timeout) {
    static final String DEFAULT_HELPER = "/usr/local/sbin/site-rt-helper";
    static final String DEFAULT_ALLOW = "sched,memlock";
    static final int DEFAULT_MAX_PRIORITY = 2;
    static final int DEFAULT_TIMEOUT_SECONDS = 10;

    InHouseSettings {
        requireNonNull(helper, "helper is null");
        requireNonNull(allow, "allow is null");
        requireNonNull(timeout, "timeout is null");
    }

    static InHouseSettings from(Map<String, String> config) {
        int maxPriority = integer(config, "maxPriority", DEFAULT_MAX_PRIORITY, 1, 99);
        return new InHouseSettings(helperPath(config.getOrDefault("helper", DEFAULT_HELPER)),
                AllowList.parse(config.getOrDefault("allow", DEFAULT_ALLOW), maxPriority),
                Duration.ofSeconds(integer(config, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, 1, 600)));
    }

    /**
     * Absolute and normalized. ProcessBuilder resolves a bare name through the PATH of the launcher's JVM, so a
     * relative helper would run whatever that PATH finds first, with the helper's privilege.
     */
    private static Path helperPath(String text) {
        Path path = Path.of(text);
        if (!path.isAbsolute() || !path.normalize().equals(path)) {
            throw new IllegalArgumentException("plugins.in-house.helper must be an absolute path without '.' or '..'"
                    + " components, e.g. " + DEFAULT_HELPER + " (got '" + text + "')");
        }
        return path;
    }

    private static int integer(Map<String, String> config, String key, int fallback, int min, int max) {
        String text = config.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException("plugins.in-house." + key + " must be an integer from " + min + " to "
                + max + " (got '" + text + "')");
    }
}
