package dev.baton.batond.hostile;

import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.SchedState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a hostile call must not change, captured before it is sent: for each watched process the scheduling policy,
 * priority, reset-on-fork flag and affinity of every thread, every thread's cgroups and the memlock limits; the
 * directory trees of the watched cgroups; paths that must never appear. {@link #assertNothingChanged()} reads them
 * all again.
 *
 * <p>The watched processes are JVMs, whose runtime starts and ends threads of its own (compiler, GC): a thread that
 * exists in both snapshots must be exactly as it was; one that disappeared is ignored; one that appeared must not be
 * real-time.
 */
final class Unchanged {
    /** ScratchCgroup names ("baton-test-1a2b3c4d"): tests of other classes or modules may create them concurrently. */
    private static final Pattern SCRATCH = Pattern.compile("baton-[A-Za-z0-9-]*-[0-9a-f]{8}");

    record ThreadState(SchedState sched, List<String> cgroups) {}

    record ProcessState(MemlockLimits memlock, Map<Integer, ThreadState> threads) {}

    private final Map<Integer, ProcessState> processes = new LinkedHashMap<>();
    private final Map<Path, TreeSet<String>> trees = new LinkedHashMap<>();
    private final Map<Path, TreeSet<String>> children = new LinkedHashMap<>();
    private final List<Path> absent = new ArrayList<>();
    private final List<Integer> neverRealtime = new ArrayList<>();

    static Unchanged watch() {
        return new Unchanged();
    }

    /** Every thread of {@code pid}, and its memlock limits. */
    Unchanged process(int pid) {
        processes.put(pid, read(pid));
        return this;
    }

    /** A process whose threads come and go (batond's own JVM): none of them may become real-time. */
    Unchanged neverRealtime(int pid) {
        neverRealtime.add(pid);
        return this;
    }

    /** The whole directory tree below {@code dir} (a cgroup the test owns). */
    Unchanged cgroupTree(Path dir) {
        trees.put(dir, tree(dir));
        return this;
    }

    /** The direct children of a shared cgroup (a hierarchy's root), minus other tests' scratch cgroups. */
    Unchanged cgroupChildren(Path dir) {
        children.put(dir, childNames(dir));
        return this;
    }

    /** A path a hostile name might create (an escape from the target's cgroup): it must not exist, now or later. */
    Unchanged absent(Path path) {
        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), path + " exists before the case ran");
        absent.add(path);
        return this;
    }

    void assertNothingChanged() {
        for (Map.Entry<Integer, ProcessState> entry : processes.entrySet()) {
            int pid = entry.getKey();
            ProcessState before = entry.getValue();
            ProcessState now = read(pid);
            assertEquals(before.memlock(), now.memlock(), "memlock limits of pid " + pid);
            for (Map.Entry<Integer, ThreadState> thread : now.threads().entrySet()) {
                ThreadState was = before.threads().get(thread.getKey());
                if (was != null) {
                    assertEquals(was, thread.getValue(), "thread " + thread.getKey() + " of pid " + pid);
                } else {
                    assertFalse(thread.getValue().sched().policy().isRealtime(),
                            "new thread " + thread.getKey() + " of pid " + pid + " is real-time");
                }
            }
        }
        for (int pid : neverRealtime) {
            for (int tid : tids(pid)) {
                SchedState state = schedOrNull(tid);
                assertFalse(state != null && state.policy().isRealtime(), "thread " + tid + " of pid " + pid
                        + " became real-time: " + state);
            }
        }
        trees.forEach((dir, before) -> assertEquals(before, tree(dir), "cgroup directories below " + dir));
        children.forEach((dir, before) -> assertEquals(before, childNames(dir), "cgroups directly below " + dir));
        for (Path path : absent) {
            assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), path + " appeared");
        }
    }

    static ProcessState read(int pid) {
        Map<Integer, ThreadState> threads = new LinkedHashMap<>();
        for (int tid : tids(pid)) {
            try {
                threads.put(tid, new ThreadState(ThreadScheduling.read(tid), ProcFs.threadCgroups(pid, tid)));
            } catch (BatonException exited) {
                // a runtime thread that ended between the listing and the read
            }
        }
        if (threads.isEmpty()) {
            fail("pid " + pid + " has no threads: it is gone");
        }
        return new ProcessState(ProcFs.memlockLimits(pid), threads);
    }

    private static List<Integer> tids(int pid) {
        return ProcFs.threadIds(pid);
    }

    private static SchedState schedOrNull(int tid) {
        try {
            return ThreadScheduling.read(tid);
        } catch (BatonException exited) {
            return null;
        }
    }

    static TreeSet<String> tree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            TreeSet<String> dirs = new TreeSet<>();
            walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> dirs.add(dir.relativize(p).toString()));
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TreeSet<String> childNames(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            TreeSet<String> names = new TreeSet<>();
            list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(name -> !SCRATCH.matcher(name).matches())
                    .forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
