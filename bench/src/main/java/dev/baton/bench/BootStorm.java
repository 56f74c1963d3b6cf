package dev.baton.bench;

import dev.baton.core.Baton;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ScratchCgroup;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.standin.StandInVmProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A node boot storm: many VMs already started (as KubeVirt starts QEMU paused), then each gets memlock, real-time
 * vCPUs (one batch call) and its housekeeping cgroup through batond, from 8 launcher threads at once. Only the
 * delegation is timed, not the VMs' own start-up.
 */
final class BootStorm {
    private static final int LAUNCHERS = 8;

    private BootStorm() {}

    static String run(Baton remote, int count, Path work) throws Exception {
        String nativeStandIn = System.getProperty("baton.bench.standin");
        List<StandInVmProcess> vms = new ArrayList<>();
        ScratchCgroup pod = ScratchCgroup.create(CgroupMounts.detect().cpusetHolder().orElseThrow(), "baton-bench", true);
        try {
            for (int i = 0; i < count; i++) {
                StandInVmProcess vm = nativeStandIn != null && Files.isExecutable(Path.of(nativeStandIn))
                        ? StandInVmProcess.startCommand(List.of(nativeStandIn, "8"))
                        : StandInVmProcess.start(List.of(), System.getProperty("java.class.path"), List.of(), 8);
                pod.adopt(vm.pid());
                vms.add(vm);
            }
            ConcurrentLinkedQueue<StandInVmProcess> queue = new ConcurrentLinkedQueue<>(vms);
            ExecutorService pool = Executors.newFixedThreadPool(LAUNCHERS);
            long start = System.nanoTime();
            List<Future<Integer>> done = new ArrayList<>();
            for (int l = 0; l < LAUNCHERS; l++) {
                done.add(pool.submit(() -> {
                    int calls = 0;
                    for (StandInVmProcess vm = queue.poll(); vm != null; vm = queue.poll()) {
                        remote.setMaxMemlock(new MemlockRequest(vm.pid(), ProcFs.memlockLimits(vm.pid()).hard(), false));
                        remote.setScheduler(SchedulerRequest.of(vm.pid(), vm.vcpuTids(), SchedPolicy.FIFO, 1));
                        remote.moveThreads(new HousekeepingRequest(vm.pid(),
                                List.of(vm.tid("IO mon_iothread"), vm.tid("worker")), "housekeeping", List.of()));
                        calls += 3;
                    }
                    return calls;
                }));
            }
            int calls = 0;
            for (Future<Integer> launcher : done) {
                calls += launcher.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            return "| VMs | vCPU threads | calls | wall | calls/s |\n|---|---|---|---|---|\n"
                    + String.format("| %d | %d | %d | %.3f s | %.0f |", count, count * 8, calls, seconds, calls / seconds)
                    + "\n\nstand-in: " + (nativeStandIn != null ? "native (bench/src/main/c/standin.c)" : "JVM");
        } finally {
            vms.forEach(StandInVmProcess::close);
            pod.close();
        }
    }
}
