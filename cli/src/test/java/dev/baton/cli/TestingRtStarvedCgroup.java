package dev.baton.cli;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.ScratchCgroup;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.spi.hook.CgroupLayout;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A v1 cpu cgroup with no real-time budget: a new child's cpu.rt_runtime_us is 0, and the kernel then refuses
 * SCHED_FIFO/RR to its threads with EPERM, even for root (sched_setscheduler, CONFIG_RT_GROUP_SCHED). Moving one
 * thread of a batch in here gives a real failure for that thread alone, before anything of it is changed.
 * Closing removes the cgroup once its threads are gone, so close the process first.
 */
final class TestingRtStarvedCgroup implements AutoCloseable {
    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");

    private final ScratchCgroup cgroup;

    private TestingRtStarvedCgroup(ScratchCgroup cgroup) {
        this.cgroup = cgroup;
    }

    static TestingRtStarvedCgroup create() {
        Prerequisites.require(Files.isRegularFile(CPU.resolve("cpu.rt_runtime_us")),
                "no v1 cpu hierarchy with real-time group scheduling at " + CPU);
        // The layout only matters to ScratchCgroup when it populates a cpuset, which it does not do here.
        return new TestingRtStarvedCgroup(ScratchCgroup.create(new CgroupMount(CgroupLayout.V1_CPUSET, CPU, "/"),
                "baton-test-rt", false));
    }

    /** Moves one thread (not its whole process) into this cgroup. */
    void adoptThread(int tid) {
        cgroup.write("tasks", tid + "\n");
    }

    @Override
    public void close() {
        cgroup.close();
    }
}
