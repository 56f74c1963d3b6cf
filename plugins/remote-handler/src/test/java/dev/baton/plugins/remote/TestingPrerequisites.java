package dev.baton.plugins.remote;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a test of an unprivileged process needs. Outside CI a missing prerequisite skips the test, saying why;
 * with CI=true it fails it, because CI runs as root with util-linux and a skip there would hide a broken machine.
 */
final class TestingPrerequisites {
    private TestingPrerequisites() {}

    static void requireRootAndSetpriv() {
        require(isUid0(), "it needs root, to run a child as uid 65534 (run the tests as root, as CI does)");
        require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "/usr/bin/setpriv (util-linux) is missing");
    }

    private static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail("CI=true, so this test must run, but " + missing);
        }
        Assumptions.abort("skipped outside CI: " + missing);
    }

    private static boolean isUid0() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(line -> line.startsWith("Uid:")).anyMatch(line -> line.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
