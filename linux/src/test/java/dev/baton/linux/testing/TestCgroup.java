package dev.baton.linux.testing;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.ScratchCgroup;
import dev.baton.spi.hook.CgroupLayout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link ScratchCgroup} for a test, at the hierarchies this machine really mounts (read from /proc/self/mountinfo,
 * as production code finds them, so a pure-v2 host works as well as this hybrid one).
 *
 * <p>Names carry the creating JVM's pid ("baton-test-4242-1a2b3c4d"), so that the first use in a JVM can remove the
 * leftovers of a crashed earlier run without touching the cgroups of a test JVM that is running right now.
 * Closing fails the test if the cgroup cannot be removed: a leak is reported by the test that caused it.
 */
public final class TestCgroup implements AutoCloseable {
    private static final CgroupMounts MOUNTS = CgroupMounts.detect();
    /** Where the v1 cpuset hierarchy is mounted; a path where nothing is mounted if there is none. */
    public static final Path V1_CPUSET = mountPoint(MOUNTS.v1Cpuset(), "/sys/fs/cgroup/cpuset");
    /** Where cgroup2 is mounted: /sys/fs/cgroup/unified here, /sys/fs/cgroup on a pure-v2 host. */
    public static final Path V2 = mountPoint(MOUNTS.v2(), "/sys/fs/cgroup/unified");
    /** How long a killed process may take to leave its cgroup before the cgroup counts as leaked. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    static final String PREFIX = "baton-test-" + ProcessHandle.current().pid();

    static {
        MOUNTS.v1Cpuset().ifPresent(AbandonedTestCgroups::sweep);
        MOUNTS.v2().ifPresent(AbandonedTestCgroups::sweep);
    }

    private final ScratchCgroup cgroup;

    private TestCgroup(ScratchCgroup cgroup) {
        this.cgroup = cgroup;
    }

    /** The v1 cpuset hierarchy, if this machine mounts one. */
    public static Optional<CgroupMount> v1CpusetMount() {
        return MOUNTS.v1Cpuset();
    }

    /** The cgroup2 hierarchy, if this machine mounts one. */
    public static Optional<CgroupMount> v2Mount() {
        return MOUNTS.v2();
    }

    /** A v1 cpuset cgroup; {@code populate} copies cpus and mems from the root, as a usable cpuset needs. */
    public static TestCgroup v1Cpuset(boolean populate) {
        return new TestCgroup(ScratchCgroup.create(required(MOUNTS.v1Cpuset(), "a v1 cpuset hierarchy"), PREFIX,
                populate));
    }

    public static TestCgroup v2() {
        return new TestCgroup(ScratchCgroup.create(required(MOUNTS.v2(), "a cgroup2 hierarchy"), PREFIX, false));
    }

    public Path dir() {
        return cgroup.dir();
    }

    public String path() {
        return cgroup.path();
    }

    public void adopt(long pid) {
        cgroup.adopt(pid);
    }

    public void write(String file, String content) {
        cgroup.write(file, content);
    }

    public static String read(Path file) {
        return ScratchCgroup.read(file);
    }

    /** Removes the cgroup tree, or fails the test naming what is left and which threads hold it. */
    @Override
    public void close() {
        remove(PATIENCE);
    }

    void remove(Duration patience) {
        cgroup.remove(patience);
    }

    private static Path mountPoint(Optional<CgroupMount> mount, String absent) {
        return mount.map(CgroupMount::mountPoint).orElse(Path.of(absent));
    }

    private static CgroupMount required(Optional<CgroupMount> mount, String what) {
        return mount.orElseThrow(() -> new IllegalStateException("/proc/self/mountinfo lists no " + what
                + "; guard the test with Prerequisites"));
    }
}
