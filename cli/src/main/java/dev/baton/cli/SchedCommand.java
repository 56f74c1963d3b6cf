package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.Hook;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "sched", description = "Set the scheduling policy, priority and optional affinity of threads.")
final class SchedCommand extends HookCommand {
    @Option(names = "--pid", required = true, description = "Target process.")
    int pid;

    @Option(names = "--tids", required = true, paramLabel = "T1,T2", converter = IntList.class,
            description = "Threads of the process.")
    List<Integer> tids;

    @Option(names = "--policy", required = true, converter = PolicyConverter.class,
            description = "fifo, rr, other, batch or idle.")
    SchedPolicy policy;

    @Option(names = "--priority", defaultValue = "0", description = "1..99 for fifo/rr, 0 otherwise.")
    int priority;

    @Option(names = "--cpus", paramLabel = "LIST", converter = CpuListConverter.class, description = "CPU affinity, e.g. 0-3,8.")
    List<Integer> cpus;

    @Option(names = "--all-or-nothing", description = "Restore changed threads if a later one fails.")
    boolean allOrNothing;

    @Override
    Hook<?, ?> hook() {
        return Hook.SCHEDULER;
    }

    @Override
    Outcome<?> run(Baton baton) {
        return baton.setScheduler(new SchedulerRequest(pid, tids, policy, priority,
                cpus == null ? List.of() : cpus, allOrNothing));
    }
}
