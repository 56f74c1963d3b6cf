package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.Hook;
import dev.baton.spi.hook.HousekeepingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "housekeeping", description = "Move threads into a child cgroup of the process's own cgroup.")
final class HousekeepingCommand extends HookCommand {
    @Option(names = "--pid", required = true, description = "Target process.")
    int pid;

    @Option(names = "--tids", required = true, paramLabel = "T1,T2", converter = IntList.class,
            description = "Threads of the process.")
    List<Integer> tids;

    @Option(names = "--cgroup", required = true, paramLabel = "NAME", description = "Child cgroup name.")
    String cgroup;

    @Option(names = "--cpus", paramLabel = "LIST", converter = CpuListConverter.class, description = "cpuset of the child.")
    List<Integer> cpus;

    @Override
    Hook<?, ?> hook() {
        return Hook.HOUSEKEEPING;
    }

    @Override
    Outcome<?> run(Baton baton) {
        return baton.moveThreads(new HousekeepingRequest(pid, tids, cgroup, cpus == null ? List.of() : cpus));
    }
}
