package dev.baton.core.localroot;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.error.InvalidRequestException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * housekeeping through core, routed to local-root, in real cgroups: v1 cpuset (this machine's default) and v2
 * threaded. Each test first moves its VM into a scratch cgroup, so the housekeeping child never lands under a
 * real workload; closing the resources kills the VM and then removes the scratch tree.
 */
final class TestLocalRootHousekeeping {
    private static List<Integer> housekeepingThreads(QemuLikeChild vm) {
        return List.of(vm.tid("IO mon_iothread"), vm.tid("worker"), vm.tid("vhost-4242"));
    }

    @Test
    void v1CpusetChildGetsTheParentsCpusAndMemsAndTheThreads() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = LocalRootBaton.start()) {
            pod.adopt(vm.pid());
            List<Integer> others = housekeepingThreads(vm);
            Outcome<HousekeepingResult> outcome = baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), others, "housekeeping", List.of()));
            HousekeepingResult result = outcome.result();
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(CgroupLayout.V1_CPUSET, result.layout());
            assertEquals(pod.path() + "/housekeeping", result.cgroupPath());
            assertTrue(result.created());
            assertEquals(others, result.moved());
            for (int tid : others) {
                assertEquals(result.cgroupPath(), v1Path(vm, tid));
            }
            assertEquals(pod.path(), v1Path(vm, vm.tid("CPU 0/KVM")), "vCPU threads stay where they were");
            Path child = pod.dir().resolve("housekeeping");
            assertEquals(TestCgroup.read(pod.dir().resolve("cpuset.cpus")), TestCgroup.read(child.resolve("cpuset.cpus")));
            assertEquals(TestCgroup.read(pod.dir().resolve("cpuset.mems")), TestCgroup.read(child.resolve("cpuset.mems")));

            // Again, on the running VM, as a live-migration destination would: the cgroup already exists.
            Outcome<HousekeepingResult> again = baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), others, "housekeeping", List.of(0)));
            assertFalse(again.result().created());
            assertEquals("0", TestCgroup.read(child.resolve("cpuset.cpus")));
            vm.close();
        }
    }

    @Test
    void movingTheMainThreadIsVerifiedAgainstTheCgroupTheProcessHadBeforeTheCall() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        // Once the main thread has moved, /proc/PID/cgroup names the child; verification must still expect the
        // child of the cgroup the process was in when the call began, not a child of the child.
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = LocalRootBaton.start()) {
            pod.adopt(vm.pid());
            List<Integer> tids = List.of(vm.pid(), vm.tid("worker"));
            Outcome<HousekeepingResult> outcome = baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), tids, "housekeeping", List.of()));
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(pod.path() + "/housekeeping", outcome.result().cgroupPath());
            assertEquals(pod.path() + "/housekeeping",
                    ProcCgroup.path(ProcFs.cgroups(vm.pid()), CgroupLayout.V1_CPUSET).orElseThrow());
            vm.close();
        }
    }

    @Test
    void v2ThreadedChildReceivesTheThreads() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV2();
        try (TestCgroup pod = TestCgroup.v2(); QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = LocalRootBaton.start(Map.of("cgroupLayout", "v2"))) {
            pod.adopt(vm.pid());
            List<Integer> others = housekeepingThreads(vm);
            Outcome<HousekeepingResult> outcome = baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), others, "housekeeping", List.of()));
            assertEquals(Verification.VERIFIED, outcome.verification());
            assertEquals(CgroupLayout.V2_THREADED, outcome.result().layout());
            assertEquals(pod.path() + "/housekeeping", outcome.result().cgroupPath());
            assertEquals("threaded", TestCgroup.read(pod.dir().resolve("housekeeping/cgroup.type")));
            for (int tid : others) {
                assertEquals(outcome.result().cgroupPath(),
                        ProcCgroup.path(ProcFs.threadCgroups(vm.pid(), tid), CgroupLayout.V2_THREADED).orElseThrow());
            }
            vm.close();
        }
    }

    @Test
    void v2ParentThatCannotHostThreadedChildrenIsAClearErrorAndLeavesNothingBehind() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV2();
        // A populated domain child makes the VM's cgroup unable to become a threaded domain: EOPNOTSUPP.
        try (TestCgroup pod = TestCgroup.v2(); QemuLikeChild vm = QemuLikeChild.start(1);
             QemuLikeChild neighbour = QemuLikeChild.start(1);
             Baton baton = LocalRootBaton.start(Map.of("cgroupLayout", "v2"))) {
            pod.adopt(vm.pid());
            Files.createDirectory(pod.dir().resolve("sibling"));
            Files.writeString(pod.dir().resolve("sibling/cgroup.procs"), neighbour.pid() + "\n");
            Path child = pod.dir().resolve("housekeeping");
            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), List.of(vm.tid("worker")), "housekeeping", List.of())));
            assertEquals("cannot make cgroup " + child + " threaded: EOPNOTSUPP: the parent cgroup cannot host threaded"
                    + " children (a domain-only controller such as memory or io is enabled in its"
                    + " cgroup.subtree_control)", e.getMessage());
            assertFalse(Files.exists(child), "the cgroup created by the failed call must be removed");
            vm.close();
            neighbour.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFailedMoveRemovesTheCgroupItCreated() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = LocalRootBaton.start()) {
            pod.adopt(vm.pid());
            Path child = pod.dir().resolve("housekeeping");
            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), List.of(vm.tid("worker")), "housekeeping", List.of(4095))));
            assertEquals("cannot set cpuset.cpus of " + child + " to 4095: ERANGE: the kernel rejected the value (cpus"
                    + " must exist and be a subset of the parent cpuset's)", e.getMessage());
            assertFalse(Files.exists(child));
            assertEquals(pod.path(), v1Path(vm, vm.tid("worker")));
            vm.close();
        }
    }

    /**
     * cgroupfs cannot hold symlinks, so this one test points local-root at an ordinary directory standing in for
     * the v1 hierarchy, with a symlink planted where the child cgroup would go.
     */
    @Test
    void aSymlinkPlantedAsTheChildCgroupIsRefused(@TempDir Path fake) throws Exception {
        Prerequisites.requireRoot();
        Path elsewhere = Files.createDirectory(fake.resolve("elsewhere"));
        Path root = Files.createDirectory(fake.resolve("root"));
        Files.createSymbolicLink(root.resolve("housekeeping"), elsewhere);
        try (QemuLikeChild vm = QemuLikeChild.start(1);
             Baton baton = LocalRootBaton.start(Map.of("cgroupLayout", "v1", "cgroupV1Root", root.toString()))) {
            String own = ProcCgroup.path(ProcFs.cgroups(vm.pid()), CgroupLayout.V1_CPUSET).orElse("/");
            Prerequisites.require(own.equals("/"), "the test VM must start in the root cpuset (it is in " + own + ")");
            OperationFailedException e = assertThrows(OperationFailedException.class, () -> baton.moveThreads(
                    new HousekeepingRequest(vm.pid(), List.of(vm.tid("worker")), "housekeeping", List.of())));
            assertEquals("refusing cgroup path " + root.resolve("housekeeping") + ": it is or passes through a symbolic"
                    + " link (it points to " + elsewhere + "); Baton never follows symlinks in cgroup paths",
                    e.getMessage());
            try (var files = Files.list(elsewhere)) {
                assertEquals(0, files.count(), "nothing may be written through the symlink");
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "..           | invalid request: cgroup must be one path component of letters, digits, '_' and '-' (no '/', no '.', not starting with '-'), got '..'",
            "a/b          | invalid request: cgroup must be one path component of letters, digits, '_' and '-' (no '/', no '.', not starting with '-'), got 'a/b'",
            "cgroup.procs | invalid request: cgroup must be one path component of letters, digits, '_' and '-' (no '/', no '.', not starting with '-'), got 'cgroup.procs'",
            "tasks        | invalid request: cgroup 'tasks' is the name of a kernel cgroup file",
    })
    void badCgroupNamesAreRefusedBeforeAnythingHappens(String name, String message) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new HousekeepingRequest(4242, List.of(4242), name, List.of()));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aFourKibNameIsRefused() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new HousekeepingRequest(4242, List.of(4242), "a".repeat(4096), List.of()));
        assertEquals("invalid request: cgroup must be at most 64 characters (got 4096)", e.getMessage());
    }

    private static String v1Path(QemuLikeChild vm, int tid) {
        return ProcCgroup.path(ProcFs.threadCgroups(vm.pid(), tid), CgroupLayout.V1_CPUSET).orElseThrow();
    }
}
