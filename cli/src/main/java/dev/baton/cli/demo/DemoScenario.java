package dev.baton.cli.demo;

import java.util.List;
import java.util.Map;

/**
 * The RFC's scenario as launcher commands.
 *
 * <p>At launch: raise memlock, make the vCPUs SCHED_FIFO 1 and the pit thread SCHED_FIFO 2 on vCPU 0's CPU, move
 * the other threads into the housekeeping cgroup, inspect the VM.
 *
 * <p>At a live-migration destination: a second VM that has been running since its first instant and was never
 * configured gets the same scheduling and housekeeping while it runs. That is the case the RFC says is blocked
 * today, because without an explicit handover nothing may touch a running VM's threads.
 */
final class DemoScenario {
    static final String HOUSEKEEPING = "housekeeping";
    private static final long MEMLOCK_BYTES = 1L << 30;

    private DemoScenario() {}

    static List<DemoStep> launch(int vmPid, Map<String, Integer> threads, int vcpu0Cpu) {
        return List.of(
                new DemoStep("launch", "memlock", vmPid, "memlock " + MEMLOCK_BYTES),
                new DemoStep("launch", "scheduler", vmPid, "sched fifo 1 " + ids(threads, "CPU ")),
                new DemoStep("launch", "scheduler", vmPid, "sched-cpus fifo 2 " + vcpu0Cpu + " " + ids(threads, "kvm-pit/")),
                new DemoStep("launch", "housekeeping", vmPid, "housekeeping " + HOUSEKEEPING + " " + others(threads)),
                new DemoStep("launch", "inspect", vmPid, "inspect vm"));
    }

    static List<DemoStep> migration(int vmPid, Map<String, Integer> threads, int vcpu0Cpu) {
        return List.of(
                new DemoStep("migration", "scheduler", vmPid, "sched fifo 1 " + ids(threads, "CPU ")),
                new DemoStep("migration", "scheduler", vmPid, "sched-cpus fifo 2 " + vcpu0Cpu + " "
                        + ids(threads, "kvm-pit/")),
                new DemoStep("migration", "housekeeping", vmPid, "housekeeping " + HOUSEKEEPING + " " + others(threads)));
    }

    private static String others(Map<String, Integer> threads) {
        return String.join(" ", List.of(Integer.toString(threads.get("IO mon_iothread")),
                Integer.toString(threads.get("worker")), Integer.toString(threads.get("vhost-4242"))));
    }

    private static String ids(Map<String, Integer> threads, String prefix) {
        return threads.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> Integer.toString(e.getValue())).reduce((a, b) -> a + " " + b).orElseThrow();
    }
}
