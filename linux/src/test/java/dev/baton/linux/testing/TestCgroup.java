package dev.baton.linux.testing;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.ScratchCgroup;
import dev.baton.spi.hook.CgroupLayout;

import java.nio.file.Path;

/** A {@link ScratchCgroup} at the standard mount points of this machine, for tests. */
public final class TestCgroup implements AutoCloseable {
    public static final Path V1_CPUSET = Path.of("/sys/fs/cgroup/cpuset");
    public static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    private final ScratchCgroup cgroup;

    private TestCgroup(ScratchCgroup cgroup) {
        this.cgroup = cgroup;
    }

    /** A v1 cpuset cgroup; {@code populate} copies cpus and mems from the root, as a usable cpuset needs. */
    public static TestCgroup v1Cpuset(boolean populate) {
        return new TestCgroup(ScratchCgroup.create(new CgroupMount(CgroupLayout.V1_CPUSET, V1_CPUSET, "/"),
                "baton-test", populate));
    }

    public static TestCgroup v2() {
        return new TestCgroup(ScratchCgroup.create(new CgroupMount(CgroupLayout.V2_THREADED, V2, "/"), "baton-test",
                false));
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

    @Override
    public void close() {
        cgroup.close();
    }
}
