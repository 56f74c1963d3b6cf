package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four hook commands against real child processes, routed to local-root (on this test class path). */
final class TestHookCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void needsRoot() {
        Prerequisites.requireRoot();
    }

    @Test
    void memlockPrintsBeforeAndAfterAndVerification() {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            CliRun run = CliRun.of("memlock", "--pid", Integer.toString(vm.pid()), "--bytes", "4M", "--no-only-raise",
                    "--backend", "local-root");
            assertEquals(0, run.exit(), run.err());
            assertEquals("memlock pid " + vm.pid() + ": soft=hard=8 MiB -> soft=hard=4 MiB via local-root (configured)\n"
                    + "verification: verified\n", run.out());
            assertEquals(MemlockLimits.both(MemlockLimit.ofBytes(4 << 20)), ProcFs.memlockLimits(vm.pid()));
        }
    }

    @Test
    void aFailedCallExitsNonZeroWithTheTypedMessage() {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            CliRun run = CliRun.of("memlock", "--pid", Integer.toString(vm.pid()), "--bytes", "1G", "--backend",
                    "local-root");
            if ((Long.parseUnsignedLong(capEff(), 16) & (1L << 24)) == 0) {
                assertEquals(ExitCode.PERMISSION_DENIED, run.exit());
                assertEquals("baton: permission denied: CAP_SYS_RESOURCE is required to raise the hard memlock limit of"
                        + " pid " + vm.pid() + " from 8 MiB to 1 GiB\n", run.err());
            } else {
                assertEquals(0, run.exit(), run.err());
            }
        }
        CliRun gone = CliRun.of("inspect", "--pid", "999999999", "--backend", "local-root", "--json");
        assertEquals(ExitCode.NO_SUCH_PROCESS, gone.exit());
        assertTrue(gone.err().contains("\"error\" : \"NoSuchProcess\""), gone.err());
    }

    @Test
    void schedSetsFifoOnTheNamedThreadsWithAffinity() throws Exception {
        try (QemuLikeChild vm = QemuLikeChild.start(2)) {
            String tids = vm.tid("CPU 0/KVM") + "," + vm.tid("CPU 1/KVM");
            CliRun run = CliRun.of("sched", "--pid", Integer.toString(vm.pid()), "--tids", tids, "--policy", "fifo",
                    "--priority", "1", "--cpus", "0", "--backend", "local-root", "--json");
            assertEquals(0, run.exit(), run.err());
            JsonNode json = JSON.readTree(run.out());
            assertEquals("VERIFIED", json.path("verification").asText());
            assertEquals("APPLIED", json.path("result").path("threads").get(1).path("outcome").asText());
            assertEquals(SchedPolicy.FIFO, ThreadScheduling.read(vm.tid("CPU 1/KVM")).policy());
            assertEquals(java.util.List.of(0), ThreadScheduling.read(vm.tid("CPU 1/KVM")).cpus());
        }
        CliRun bad = CliRun.of("sched", "--pid", "1", "--tids", "1", "--policy", "fifo", "--priority", "0");
        assertEquals(ExitCode.INVALID_REQUEST, bad.exit());
        assertEquals("baton: invalid request: priority for SCHED_FIFO must be 1..99 (got 0)\n", bad.err());
    }

    @Test
    void housekeepingMovesThreadsIntoTheChildCgroup() {
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup pod = TestCgroup.v1Cpuset(true); QemuLikeChild vm = QemuLikeChild.start(1)) {
            pod.adopt(vm.pid());
            CliRun run = CliRun.of("housekeeping", "--pid", Integer.toString(vm.pid()), "--tids",
                    Integer.toString(vm.tid("worker")), "--cgroup", "housekeeping", "--backend", "local-root");
            assertEquals(0, run.exit(), run.err());
            assertEquals("housekeeping pid " + vm.pid() + ": threads [" + vm.tid("worker") + "] -> " + pod.path()
                    + "/housekeeping (V1_CPUSET, created) via local-root (configured)\nverification: verified\n", run.out());
            vm.close();
        }
    }

    @Test
    void inspectShowsTheProcess() {
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            CliRun run = CliRun.of("inspect", "--pid", Integer.toString(vm.pid()), "--backend", "local-root");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("inspect pid " + vm.pid() + " via local-root (configured):\n  exe        "),
                    run.out());
            assertTrue(run.out().contains("  ppid       " + ProcessHandle.current().pid()), run.out());
            assertTrue(run.out().endsWith("verification: verified\n"), run.out());
        }
    }

    private static String capEff() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/status")).lines()
                    .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
