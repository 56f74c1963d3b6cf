package dev.baton.linux.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks for what a privileged test needs. Outside CI a missing prerequisite skips the test with the reason;
 * under CI=true it fails it, because CI runs as root on a machine that has everything and a skip would hide a
 * broken environment.
 */
public final class Prerequisites {
    private Prerequisites() {}

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (inCi()) {
            Assertions.fail("CI=true, so this test must run, but " + missing);
        }
        Assumptions.abort("skipped outside CI: " + missing);
    }

    public static void requireRoot() {
        require("root".equals(System.getProperty("user.name")) || isUid0(),
                "it needs root (run the tests as root, as CI does)");
    }

    public static void requireSetpriv() {
        require(Files.isExecutable(Path.of("/usr/bin/setpriv")), "/usr/bin/setpriv (util-linux) is missing");
    }

    /** A v1 hierarchy with the cpuset controller, where /proc/self/mountinfo says it is ({@link TestCgroup#V1_CPUSET}). */
    public static void requireCgroupV1Cpuset() {
        require(TestCgroup.v1CpusetMount().isPresent(), "/proc/self/mountinfo lists no cgroup v1 hierarchy with cpuset");
        require(Files.isRegularFile(TestCgroup.V1_CPUSET.resolve("cpuset.cpus")),
                "the v1 cpuset hierarchy at " + TestCgroup.V1_CPUSET + " has no cpuset.cpus");
    }

    /** A cgroup2 hierarchy, where /proc/self/mountinfo says it is ({@link TestCgroup#V2}), hybrid or pure v2. */
    public static void requireCgroupV2() {
        require(TestCgroup.v2Mount().isPresent(), "/proc/self/mountinfo lists no cgroup2 hierarchy");
        require(Files.isRegularFile(TestCgroup.V2.resolve("cgroup.procs")),
                "the cgroup2 hierarchy at " + TestCgroup.V2 + " has no cgroup.procs");
    }

    private static boolean isUid0() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("Uid:")).anyMatch(l -> l.split("\\s+")[1].equals("0"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
