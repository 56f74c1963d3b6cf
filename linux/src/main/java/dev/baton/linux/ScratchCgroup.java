package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.CgroupLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A throw-away cgroup for the demo and the tests, so that a housekeeping child is created under it and never under
 * a real workload's cgroup. Closing removes it and everything below it, deepest first, once its processes are gone.
 */
public final class ScratchCgroup implements AutoCloseable {
    private final CgroupMount mount;
    private final Path dir;

    private ScratchCgroup(CgroupMount mount, Path dir) {
        this.mount = mount;
        this.dir = dir;
    }

    /**
     * Creates {@code <mount>/<prefix>-<random>}. On v1 with {@code populate}, cpus and mems are copied from the
     * root, because a v1 cpuset refuses tasks until both are set.
     */
    public static ScratchCgroup create(CgroupMount mount, String prefix, boolean populate) {
        Path dir = mount.mountPoint().resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8));
        int errno = KernelFiles.mkdir(dir);
        if (errno != 0) {
            throw new OperationFailedException(errno, "cannot create cgroup " + dir + ": " + Errno.name(errno));
        }
        ScratchCgroup cgroup = new ScratchCgroup(mount, dir);
        if (populate && mount.layout() == CgroupLayout.V1_CPUSET) {
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                cgroup.write(file, read(mount.mountPoint().resolve(file)));
            }
        }
        return cgroup;
    }

    public Path dir() {
        return dir;
    }

    public CgroupMount mount() {
        return mount;
    }

    /** The path as /proc/PID/cgroup shows it, e.g. "/baton-demo-1a2b3c4d". */
    public String path() {
        return "/" + mount.mountPoint().relativize(dir);
    }

    /** Moves a whole process into this cgroup. */
    public void adopt(long pid) {
        write("cgroup.procs", pid + "\n");
    }

    public void write(String file, String content) {
        int errno = KernelFiles.write(dir.resolve(file), content);
        if (errno != 0) {
            throw new OperationFailedException(errno, "cannot write " + dir.resolve(file) + ": " + Errno.name(errno));
        }
    }

    public static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new OperationFailedException(Errno.ENOENT, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** True once the directory is gone. */
    public boolean removed() {
        return !Files.exists(dir);
    }

    /** Removes the tree, retrying briefly: a killed process leaves its cgroup asynchronously. */
    @Override
    public void close() {
        for (int attempt = 0; attempt < 100 && !removed(); attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path cgroup : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                    KernelFiles.rmdir(cgroup);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // the tree changed under the walk; try again
            }
            if (!removed()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
