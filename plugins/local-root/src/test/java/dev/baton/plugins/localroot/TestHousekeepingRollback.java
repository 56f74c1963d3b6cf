package dev.baton.plugins.localroot;

import com.sun.jna.Native;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.Identity;
import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.StagedClasspath;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.standin.StandInVmProcess;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A move that fails after some threads have moved: the moved threads go back to the process's cgroup and the
 * child cgroup the call created is removed.
 *
 * <p>No request makes the kernel refuse one thread of a process after accepting its siblings: cgroup v1 refuses
 * only kernel threads (PF_NO_SETAFFINITY) and v2 keeps a process's threads in one threaded domain, so every thread
 * of it is accepted alike. What does happen for real is a thread exiting between the pin and its move. A request
 * cannot time that, so the test ends a real thread from the operation's before-move callback, at the moment a
 * racing exit would hit, and the operation finds it gone through its pidfd.
 */
final class TestHousekeepingRollback {
    private static final System.Logger LOG = System.getLogger(TestHousekeepingRollback.class.getName());

    @TempDir
    Path scratch;

    @ParameterizedTest
    @EnumSource(CgroupLayout.class)
    void aThreadExitingMidMoveSendsTheMovedThreadsBackAndRemovesTheCreatedCgroup(CgroupLayout layout) {
        Prerequisites.requireRoot();
        CgroupMounts mounts;
        if (layout == CgroupLayout.V1_CPUSET) {
            Prerequisites.requireCgroupV1Cpuset();
            mounts = new CgroupMounts(TestCgroup.v1CpusetMount(), Optional.empty());
        } else {
            Prerequisites.requireCgroupV2();
            mounts = new CgroupMounts(Optional.empty(), TestCgroup.v2Mount());
        }
        Path signal = scratch.resolve("leave");
        try (TestCgroup pod = layout == CgroupLayout.V1_CPUSET ? TestCgroup.v1Cpuset(true) : TestCgroup.v2();
             StagedClasspath classpath = StagedClasspath.of(Native.class, Identity.class, ChildWithALeavingThread.class);
             StandInVmProcess child = StandInVmProcess.startCommand(List.of(
                     Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                     "-cp", classpath.classpath(), ChildWithALeavingThread.class.getName(), signal.toString()))) {
            pod.adopt(child.pid());
            int stays1 = child.tid("stays-1");
            int stays2 = child.tid("stays-2");
            int leaves = child.tid("leaves");
            String housekeeping = pod.path() + "/housekeeping";
            Map<Integer, String> whenTheThreadLeft = new LinkedHashMap<>();
            HousekeepingOperation operation = new HousekeepingOperation(mounts, LOG, tid -> {
                if (tid == leaves) {
                    whenTheThreadLeft.put(stays1, cgroupOf(child.pid(), stays1, layout));
                    whenTheThreadLeft.put(stays2, cgroupOf(child.pid(), stays2, layout));
                    endThread(child.pid(), leaves, signal);
                }
            });

            NoSuchProcessException e = assertThrows(NoSuchProcessException.class, () -> operation.apply(
                    new HousekeepingRequest(child.pid(), List.of(stays1, stays2, leaves), "housekeeping", List.of())));

            assertEquals("thread " + leaves + " exited during the operation", e.getMessage());
            assertEquals(Map.of(stays1, housekeeping, stays2, housekeeping), whenTheThreadLeft,
                    "both threads had moved when the third one left");
            assertEquals(pod.path(), cgroupOf(child.pid(), stays1, layout), "moved back");
            assertEquals(pod.path(), cgroupOf(child.pid(), stays2, layout), "moved back");
            assertFalse(Files.exists(pod.dir().resolve("housekeeping")), "the cgroup the call created is removed");
            child.close(); // the pod can only be removed once its process is gone
        }
    }

    private static String cgroupOf(int pid, int tid, CgroupLayout layout) {
        return ProcCgroup.path(ProcFs.threadCgroups(pid, tid), layout).orElseThrow();
    }

    /** Tells the child's "leaves" thread to return, and waits until the kernel has released it. */
    private static void endThread(int pid, int tid, Path signal) {
        try {
            Files.createFile(signal);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ProcFs.isThreadOf(pid, tid)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("thread " + tid + " of pid " + pid + " did not end within 10 s");
                }
                Thread.sleep(2);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
