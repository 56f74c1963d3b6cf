package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.CgroupLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

    /** The path as /proc/PID/cgroup shows it, e.g. "/baton-demo-1a2b3c4d", below the mount's own root. */
    public String path() {
        String root = mount.root().endsWith("/") ? mount.root() : mount.root() + "/";
        return root + mount.mountPoint().relativize(dir);
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

    /**
     * Removes the tree, retrying for up to {@code patience}: a killed process leaves its cgroup asynchronously.
     *
     * @throws IllegalStateException if something is still there afterwards, naming each cgroup and the threads
     *                               that keep it busy, so that a leak is found where it happens
     */
    public void remove(Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!removeTree(dir)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("cgroup " + dir + " could not be removed within " + patience.toMillis()
                        + " ms: " + leftovers(dir) + "; kill those threads' processes, then rmdir the directories"
                        + " deepest first");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while removing cgroup " + dir, e);
            }
        }
    }

    /**
     * Best effort, for the demo and the benchmarks: retries for 2 s and then leaves the tree alone; callers check
     * {@link #removed()}. Tests use {@link #remove(Duration)}, which fails loudly instead.
     */
    @Override
    public void close() {
        try {
            remove(Duration.ofSeconds(2));
        } catch (IllegalStateException leftOver) {
            // the caller reports it through removed()
        }
    }

    /** One pass of rmdir over {@code dir} and everything below it, deepest first; true once it is all gone. */
    public static boolean removeTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path cgroup : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                KernelFiles.rmdir(cgroup);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // gone already, or the tree changed under the walk; the check below decides
        }
        return !Files.exists(dir);
    }

    /** "dir/a holds threads [12, 13]" for every directory left below {@code dir}, or why it is still there. */
    public static String leftovers(Path dir) {
        List<String> busy = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path cgroup : walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
                List<String> tids = threads(cgroup);
                busy.add(cgroup + (tids.isEmpty() ? " holds no threads" : " holds threads " + tids));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return "cannot list it: " + e.getMessage();
        }
        return String.join(", ", busy);
    }

    /** The thread ids in one cgroup: "tasks" on v1, "cgroup.threads" on v2 (cgroup.procs fails in threaded ones). */
    private static List<String> threads(Path cgroup) {
        for (String file : List.of("tasks", "cgroup.threads")) {
            Path list = cgroup.resolve(file);
            if (Files.exists(list)) {
                try {
                    return Files.readAllLines(list).stream().filter(line -> !line.isBlank()).toList();
                } catch (IOException e) {
                    return List.of("unreadable: " + e.getMessage());
                }
            }
        }
        return List.of();
    }
}
