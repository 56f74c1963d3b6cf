package dev.baton.plugins.localroot;

import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.linux.testing.TestCgroup;
import dev.baton.spi.error.OperationFailedException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The kernel's own errnos, provoked for real, come out as messages an operator can act on. */
final class TestCgroupFailure {
    @Test
    void anEmptyV1CpusetRefusesThreadsWithEnospc() {
        Prerequisites.requireRoot();
        Prerequisites.requireCgroupV1Cpuset();
        try (TestCgroup empty = TestCgroup.v1Cpuset(false); QemuLikeChild vm = QemuLikeChild.start(1)) {
            int tid = vm.tid("worker");
            OperationFailedException e = assertThrows(OperationFailedException.class, () -> CgroupFailure.write(
                    empty.dir().resolve("tasks"), tid + "\n", vm.pid(), "move thread " + tid + " into " + empty.path()));
            assertEquals(28, e.errno());
            assertEquals("cannot move thread " + tid + " into " + empty.path() + ": ENOSPC: the cpuset has no cpus or no"
                    + " mems; cpuset.cpus and cpuset.mems must be set before threads can join", e.getMessage());
        }
    }
}
