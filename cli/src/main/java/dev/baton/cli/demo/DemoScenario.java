package dev.baton.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The RFC's scenario as launcher commands: at launch, raise memlock, make the vCPUs SCHED_FIFO 1 and the pit
 * thread SCHED_FIFO 2 on vCPU 0's CPU, move the other threads into the housekeeping cgroup, inspect the VM; then
 * do scheduling and housekeeping again on the running VM, as a live-migration destination must, which is the case
 * the RFC says is blocked today.
 */
final class DemoScenario {
    static final String HOUSEKEEPING = "housekeeping";
    private static final long MEMLOCK_BYTES = 1L << 30;

    private DemoScenario() {}

    static List<DemoStep> steps(Map<String, Integer> threads, int vcpu0Cpu) {
        String vcpus = ids(threads, "CPU ");
        String pit = ids(threads, "kvm-pit/");
        String others = String.join(" ", List.of(Integer.toString(threads.get("IO mon_iothread")),
                Integer.toString(threads.get("worker")), Integer.toString(threads.get("vhost-4242"))));
        List<DemoStep> steps = new ArrayList<>();
        steps.add(new DemoStep("launch", "memlock", "memlock " + MEMLOCK_BYTES));
        steps.add(new DemoStep("launch", "scheduler", "sched fifo 1 " + vcpus));
        steps.add(new DemoStep("launch", "scheduler", "sched-cpus fifo 2 " + vcpu0Cpu + " " + pit));
        steps.add(new DemoStep("launch", "housekeeping", "housekeeping " + HOUSEKEEPING + " " + others));
        steps.add(new DemoStep("launch", "inspect", "inspect vm"));
        steps.add(new DemoStep("migration", "scheduler", "sched fifo 1 " + vcpus));
        steps.add(new DemoStep("migration", "scheduler", "sched-cpus fifo 2 " + vcpu0Cpu + " " + pit));
        steps.add(new DemoStep("migration", "housekeeping", "housekeeping " + HOUSEKEEPING + " " + others));
        return steps;
    }

    private static String ids(Map<String, Integer> threads, String prefix) {
        return threads.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> Integer.toString(e.getValue())).reduce((a, b) -> a + " " + b).orElseThrow();
    }
}
