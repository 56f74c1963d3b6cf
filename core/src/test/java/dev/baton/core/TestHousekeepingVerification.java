package dev.baton.core;

import dev.baton.linux.KernelFiles;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.VerificationFailedException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A housekeeping handler must put the threads into the named child of the target's own cgroup. These handlers
 * really move the threads, but somewhere else, and core must notice from /proc alone.
 */
final class TestHousekeepingVerification {
    @Test
    void aChildOfTheRightNameUnderAnotherCgroupIsCaught() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); TestCgroup elsewhere = TestCgroup.v1Cpuset(true)) {
            Path decoy = elsewhere.dir().resolve("housekeeping");
            try (QemuLikeChild vm = QemuLikeChild.start(1);
                 Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                         .handler(Hook.HOUSEKEEPING, request -> moveInto(decoy, elsewhere.path() + "/housekeeping",
                                 request)).build()) {
                pod.adopt(vm.pid());
                makeCpusetChild(decoy, elsewhere.dir());
                int worker = vm.tid("worker");
                VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> baton.moveThreads(
                        new HousekeepingRequest(vm.pid(), List.of(worker), "housekeeping", List.of())));
                assertEquals("verification failed: housekeeping of pid " + vm.pid() + ": expected " + pod.path()
                        + "/housekeeping (or a path ending in it, seen from another cgroup namespace), actual "
                        + elsewhere.path() + "/housekeeping", e.getMessage());
                assertEquals(elsewhere.path() + "/housekeeping", ProcCgroup.path(
                        ProcFs.threadCgroups(vm.pid(), worker), CgroupLayout.V1_CPUSET).orElseThrow(),
                        "the lie was a real move, to the wrong place");
            }
        }
    }

    @Test
    void claimingTheRightPathWhileTheThreadsSitElsewhereIsCaught() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); TestCgroup elsewhere = TestCgroup.v1Cpuset(true)) {
            try (QemuLikeChild vm = QemuLikeChild.start(1);
                 Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                         .handler(Hook.HOUSEKEEPING, request -> moveInto(elsewhere.dir(), pod.path() + "/housekeeping",
                                 request)).build()) {
                pod.adopt(vm.pid());
                int worker = vm.tid("worker");
                VerificationFailedException e = assertThrows(VerificationFailedException.class, () -> baton.moveThreads(
                        new HousekeepingRequest(vm.pid(), List.of(worker), "housekeeping", List.of())));
                assertEquals("verification failed: cgroup of thread " + worker + " of pid " + vm.pid() + ": expected "
                        + pod.path() + "/housekeeping, actual " + elsewhere.path(), e.getMessage());
            }
        }
    }

    /**
     * batond may see the hierarchy from another cgroup namespace than the launcher (a pod with its own cgroupns):
     * its path is then longer, with the launcher's view as its tail. The threads' own /proc lines decide.
     */
    @Test
    void aPathSeenFromAnotherCgroupNamespaceIsAcceptedWhenTheThreadsAreWhereItSays() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true)) {
            Path child = pod.dir().resolve("housekeeping");
            try (QemuLikeChild vm = QemuLikeChild.start(1);
                 Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                         .handler(Hook.HOUSEKEEPING, request -> moveInto(child,
                                 "/kubepods/burstable" + pod.path() + "/housekeeping", request)).build()) {
                pod.adopt(vm.pid());
                makeCpusetChild(child, pod.dir());
                int worker = vm.tid("worker");
                Outcome<HousekeepingResult> outcome = baton.moveThreads(
                        new HousekeepingRequest(vm.pid(), List.of(worker), "housekeeping", List.of()));
                assertEquals(Verification.VERIFIED, outcome.verification());
                assertEquals(pod.path() + "/housekeeping", ProcCgroup.path(
                        ProcFs.threadCgroups(vm.pid(), worker), CgroupLayout.V1_CPUSET).orElseThrow());
            }
        }
    }

    /** A v1 cpuset child that can take tasks: cpus and mems copied from its parent, as local-root does. */
    private static void makeCpusetChild(Path child, Path parent) {
        assertEquals(0, KernelFiles.mkdir(child));
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            assertEquals(0, KernelFiles.write(child.resolve(file), TestCgroup.read(parent.resolve(file)) + "\n"));
        }
    }

    /** Really writes each tid into {@code dir}'s tasks, then reports {@code claimedPath}. */
    private static HousekeepingResult moveInto(Path dir, String claimedPath, HousekeepingRequest request) {
        for (int tid : request.tids()) {
            int errno = KernelFiles.write(dir.resolve("tasks"), tid + "\n");
            if (errno != 0) {
                throw new IllegalStateException("test handler cannot move " + tid + " into " + dir + ": errno " + errno);
            }
        }
        return new HousekeepingResult(request.pid(), CgroupLayout.V1_CPUSET, claimedPath, false, request.tids());
    }
}
