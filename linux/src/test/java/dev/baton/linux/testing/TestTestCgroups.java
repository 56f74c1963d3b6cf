package dev.baton.linux.testing;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.KernelFiles;
import dev.baton.linux.ScratchCgroup;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cgroup fixtures themselves: where they live, that a leak fails loudly, and that old leftovers are swept. */
final class TestTestCgroups {
    @Test
    void theFixtureUsesTheHierarchiesTheMountTableLists() {
        CgroupMounts mounts = CgroupMounts.detect();
        Prerequisites.requireCgroupV2();
        Prerequisites.requireCgroupV1Cpuset();
        assertEquals(mounts.v2().orElseThrow().mountPoint(), TestCgroup.V2);
        assertEquals(mounts.v1Cpuset().orElseThrow().mountPoint(), TestCgroup.V1_CPUSET);
    }

    @Test
    void aCgroupThatStillHoldsAProcessFailsTheTestNamingTheThreads() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true)) {
            assertTrue(pod.dir().getFileName().toString().startsWith("baton-test-" + ProcessHandle.current().pid() + "-"));
            try (QemuLikeChild vm = QemuLikeChild.start(1)) {
                pod.adopt(vm.pid());
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> pod.remove(Duration.ofMillis(200)));
                String prefix = "cgroup " + pod.dir() + " could not be removed within 200 ms: " + pod.dir()
                        + " holds threads [";
                String suffix = "]; kill those threads' processes, then rmdir the directories deepest first";
                assertTrue(e.getMessage().startsWith(prefix) && e.getMessage().endsWith(suffix), e.getMessage());
                List<String> tids = List.of(e.getMessage().substring(prefix.length(),
                        e.getMessage().length() - suffix.length()).split(", "));
                assertTrue(tids.contains(Integer.toString(vm.pid())), tids.toString());
                assertTrue(tids.contains(Integer.toString(vm.tid("worker"))), tids.toString());
            }
        }
    }

    @Test
    void leftoversOfADeadCreatorAreRemovedAndOthersAreKept() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        CgroupMount mount = TestCgroup.v1CpusetMount().orElseThrow();
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long dead = exited.pid();
        Path abandoned = mount.mountPoint().resolve("baton-test-" + dead + "-0000dead");
        Path busy = mount.mountPoint().resolve("baton-test-" + dead + "-0000b5e0");
        Path ours = mount.mountPoint().resolve("baton-test-" + ProcessHandle.current().pid() + "-00000a11");
        Path unrelated = mount.mountPoint().resolve("baton-test-plain");
        List<Path> all = List.of(abandoned, busy, ours, unrelated);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            for (Path dir : all) {
                assertEquals(0, KernelFiles.mkdir(dir), "mkdir " + dir);
            }
            assertEquals(0, KernelFiles.mkdir(abandoned.resolve("housekeeping")));
            for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
                String value = TestCgroup.read(mount.mountPoint().resolve(file)) + "\n";
                assertEquals(0, KernelFiles.write(busy.resolve(file), value), "write " + file);
            }
            assertEquals(0, KernelFiles.write(busy.resolve("cgroup.procs"), vm.pid() + "\n"));

            AbandonedTestCgroups.sweep(mount);

            assertFalse(Files.exists(abandoned), "its creator is gone and it is empty");
            assertTrue(Files.exists(busy), "a process still runs in it");
            assertTrue(Files.exists(ours), "its creator, this JVM, is alive");
            assertTrue(Files.exists(unrelated), "not a name TestCgroup gives");
        } finally {
            for (Path dir : all) {
                if (Files.exists(dir)) {
                    removeLoudly(dir);
                }
            }
        }
    }

    /** Removes a directory this test made by hand, failing as loudly as {@link TestCgroup#close()} would. */
    private static void removeLoudly(Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + TestCgroup.PATIENCE.toNanos();
        while (!ScratchCgroup.removeTree(dir)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("cannot remove " + dir + ": " + ScratchCgroup.leftovers(dir));
            }
            Thread.sleep(20);
        }
    }
}
