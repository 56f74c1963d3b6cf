package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.PlanJson;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The dry-run of a VM launch as KubeVirt performs it (memlock, real-time vCPUs, the pit thread, the housekeeping
 * cgroup), against a running QEMU-like process, printed as JSON. Nothing is changed.
 */
@Command(name = "plan", description = "Print, as JSON, what launching this VM would do; change nothing.")
final class PlanCommand implements Callable<Integer> {
    private static final String DRY_RUN = "dry-run";

    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    @Option(names = "--pid", required = true, description = "The QEMU (or stand-in) process.")
    int pid;

    @Option(names = "--memlock", paramLabel = "SIZE", converter = Sizes.class, defaultValue = "1G",
            description = "Memlock limit to plan (default: ${DEFAULT-VALUE}).")
    long memlock;

    @Option(names = "--cgroup", defaultValue = "housekeeping", description = "Housekeeping cgroup name.")
    String cgroup;

    @Override
    public Integer call() {
        if (runtime.backend != null && !runtime.backend.equals(DRY_RUN)) {
            // A plan made by another backend would not be a plan: it would change the process.
            throw new ParameterException(spec.commandLine(), "plan always routes every hook to " + DRY_RUN
                    + ", so that it changes nothing; --backend " + runtime.backend + " does not apply to it");
        }
        runtime.backend = DRY_RUN;
        try (Baton baton = runtime.start(null)) {
            VmThreads threads = VmThreads.of(pid);
            baton.setMaxMemlock(MemlockRequest.raiseTo(pid, MemlockLimit.ofBytes(memlock)));
            if (!threads.vcpus().isEmpty()) {
                baton.setScheduler(SchedulerRequest.of(pid, threads.vcpus(), SchedPolicy.FIFO, 1));
            }
            if (!threads.pit().isEmpty()) {
                List<Integer> vcpu0 = threads.vcpus().isEmpty() ? List.of()
                        : dev.baton.linux.ThreadScheduling.affinity(threads.vcpus().get(0)).subList(0, 1);
                baton.setScheduler(new SchedulerRequest(pid, threads.pit(), SchedPolicy.FIFO, 2, vcpu0, false));
            }
            if (!threads.others().isEmpty()) {
                baton.moveThreads(new HousekeepingRequest(pid, threads.others(), cgroup, List.of()));
            }
            baton.inspect(new InspectRequest(pid));
            spec.commandLine().getOut().println(PlanJson.write(baton.plan()));
            return ExitCode.OK;
        } catch (RuntimeException e) {
            OutcomePrinter.printError(spec.commandLine().getErr(), e, true);
            return ExitCode.of(e);
        }
    }
}
