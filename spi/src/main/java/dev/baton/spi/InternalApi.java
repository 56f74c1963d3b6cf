package dev.baton.spi;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The version of the unstable internal API that this build of the SPI defines.
 *
 * <p>The version is bumped whenever a request, result, hook or handler contract changes shape or meaning. It is
 * negotiated in three places: the embedding application and core, core and each plugin, remote-handler and batond.
 */
@Unstable
public final class InternalApi {
    /** The version this SPI defines. */
    public static final int VERSION = 1;

    private InternalApi() {}

    /** Renders a set of versions the same way in every error message: {@code [1, 2]}. */
    public static String describe(Set<Integer> versions) {
        SortedSet<Integer> sorted = new TreeSet<>(versions);
        return sorted.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Parses "1,2" (a descriptor value) into a set; a blank value is an empty set. */
    public static Set<Integer> parseVersions(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        SortedSet<Integer> versions = new TreeSet<>();
        for (String part : text.split(",")) {
            String trimmed = part.trim();
            try {
                int version = Integer.parseInt(trimmed);
                if (version < 1) {
                    throw new IllegalArgumentException("API version must be >= 1, got " + trimmed);
                }
                versions.add(version);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("API version is not an integer: '" + trimmed + "'", e);
            }
        }
        return Set.copyOf(versions);
    }
}
