package dev.baton.linux.testing;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.ScratchCgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes the test cgroups that a crashed earlier run left behind, once per test JVM, before any test creates its
 * own. Other test JVMs (other modules) may run at the same time, so a cgroup is only touched when its creator is
 * gone; rmdir(2) itself refuses any cgroup that still holds a thread, so a leftover whose processes still run stays.
 */
final class AbandonedTestCgroups {
    /** "baton-test-<creator pid>-<random>" as {@link TestCgroup} names them. */
    private static final Pattern NAMED_BY_CREATOR = Pattern.compile("baton-test-(\\d+)-[0-9a-f]{8}");
    /** "baton-test-<random>", the older naming without the creator; only old ones can be known to be abandoned. */
    private static final Pattern UNNAMED = Pattern.compile("baton-test-[0-9a-f]{8}");
    private static final Duration UNNAMED_MIN_AGE = Duration.ofHours(1);

    private AbandonedTestCgroups() {}

    /** Removes the abandoned test cgroups directly below {@code mount}; reports on stderr, never throws. */
    static void sweep(CgroupMount mount) {
        try (Stream<Path> children = Files.list(mount.mountPoint())) {
            for (Path dir : children.filter(Files::isDirectory).toList()) {
                if (isAbandoned(dir)) {
                    removeOrReport(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("baton tests: cannot look for leftover test cgroups in " + mount.mountPoint() + ": " + e);
        }
    }

    static boolean isAbandoned(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        Matcher named = NAMED_BY_CREATOR.matcher(name);
        if (named.matches()) {
            return ProcessHandle.of(Long.parseLong(named.group(1))).isEmpty();
        }
        if (UNNAMED.matcher(name).matches()) {
            Instant modified = Files.getLastModifiedTime(dir).toInstant();
            return modified.isBefore(Instant.now().minus(UNNAMED_MIN_AGE));
        }
        return false;
    }

    private static void removeOrReport(Path dir) {
        if (ScratchCgroup.removeTree(dir)) {
            System.err.println("baton tests: removed test cgroup " + dir + ", left behind by an earlier run");
        } else {
            System.err.println("baton tests: a test cgroup left behind by an earlier run is still busy and stays: "
                    + ScratchCgroup.leftovers(dir));
        }
    }
}
