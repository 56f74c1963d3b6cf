package dev.baton.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A scratch cgroup for one test, so a housekeeping child is created under it and never under a real workload's
 * cgroup. Closing removes it and everything below it, deepest first, after the test killed its processes.
 */
public final class TestCgroup implements AutoCloseable {
    public static final Path V1_CPUSET = Path.of("/sys/fs/cgroup/cpuset");
    public static final Path V2 = Path.of("/sys/fs/cgroup/unified");

    private final Path dir;
    private final Path mount;

    private TestCgroup(Path mount, Path dir) {
        this.mount = mount;
        this.dir = dir;
    }

    /** A v1 cpuset cgroup; {@code populate} copies cpus and mems from the root, as a usable cpuset needs. */
    public static TestCgroup v1Cpuset(boolean populate) {
        TestCgroup cgroup = create(V1_CPUSET);
        if (populate) {
            cgroup.write("cpuset.cpus", read(V1_CPUSET.resolve("cpuset.cpus")));
            cgroup.write("cpuset.mems", read(V1_CPUSET.resolve("cpuset.mems")));
        }
        return cgroup;
    }

    public static TestCgroup v2() {
        return create(V2);
    }

    private static TestCgroup create(Path mount) {
        Path dir = mount.resolve("baton-test-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCgroup(mount, dir);
    }

    public Path dir() {
        return dir;
    }

    /** The path as /proc/PID/cgroup shows it, e.g. "/baton-test-1a2b3c4d". */
    public String path() {
        return "/" + mount.relativize(dir);
    }

    /** Moves a whole process into this cgroup. */
    public void adopt(long pid) {
        write("cgroup.procs", pid + "\n");
    }

    public void write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the cgroup tree; retries briefly because a killed process leaves its cgroup asynchronously. */
    @Override
    public void close() {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                List<Path> dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
                for (Path cgroup : dirs) {
                    Files.deleteIfExists(cgroup);
                }
                return;
            } catch (IOException e) {
                if (attempt >= 50) {
                    throw new UncheckedIOException("cannot remove test cgroup " + dir, e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
