package dev.baton.samples.launcher;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The privileged steps KubeVirt's virt-launcher needs for a real-time VM, one Baton call each, in launch order.
 * A failing step is reported and the next one still runs, so one run shows every step's backend and error.
 */
final class LaunchSteps {
    /** The guest's memory has to stay locked; 1 GiB stands in for its size plus QEMU's overhead. */
    static final MemlockLimit GUEST_MEMLOCK = MemlockLimit.ofBytes(1L << 30);
    /** KubeVirt's cgroup for the emulator threads, kept off the real-time vCPUs' CPUs. */
    static final String HOUSEKEEPING_CGROUP = "housekeeping";

    private final Baton baton;
    private final int pid;

    LaunchSteps(Baton baton, int pid) {
        this.baton = requireNonNull(baton, "baton is null");
        this.pid = pid;
    }

    List<StepReport> run() {
        return List.of(attempt("memlock", this::lockGuestMemory),
                attempt("scheduler", this::makeVcpusRealtime),
                attempt("housekeeping", this::moveEmulatorThreads),
                attempt("inspect", this::inspect));
    }

    /** libvirt's default: only raise, so a limit that is already high enough is left alone. */
    private StepReport lockGuestMemory() {
        Outcome<MemlockResult> outcome = baton.setMaxMemlock(MemlockRequest.raiseTo(pid, GUEST_MEMLOCK));
        MemlockResult result = outcome.result();
        return StepReport.done(outcome, result.before() + " -> " + result.after()
                + (result.changed() ? "" : " (unchanged)"));
    }

    /** vCPU threads get SCHED_FIFO priority 1, as KubeVirt gives them. */
    private StepReport makeVcpusRealtime() {
        List<Integer> vcpus = QemuThreads.of(pid).vcpus();
        if (vcpus.isEmpty()) {
            return StepReport.skipped("scheduler", "pid " + pid + " has no vCPU threads (named 'CPU <n>/KVM')");
        }
        Outcome<SchedulerResult> outcome = baton.setScheduler(SchedulerRequest.of(pid, vcpus, SchedPolicy.FIFO, 1));
        // A batch does not throw when some threads fail: each thread carries its own outcome and error.
        return StepReport.done(outcome, outcome.result().threads().stream().map(LaunchSteps::describe)
                .collect(Collectors.joining("; ")));
    }

    private StepReport moveEmulatorThreads() {
        List<Integer> others = QemuThreads.of(pid).others();
        if (others.isEmpty()) {
            return StepReport.skipped("housekeeping", "pid " + pid + " has no threads besides its vCPUs");
        }
        Outcome<HousekeepingResult> outcome =
                baton.moveThreads(new HousekeepingRequest(pid, others, HOUSEKEEPING_CGROUP, List.of()));
        HousekeepingResult result = outcome.result();
        return StepReport.done(outcome, result.moved().size() + " threads -> " + result.cgroupPath() + " ("
                + result.layout() + (result.created() ? ", created" : "") + ")");
    }

    private StepReport inspect() {
        Outcome<InspectResult> outcome = baton.inspect(new InspectRequest(pid));
        InspectResult result = outcome.result();
        return StepReport.done(outcome, "exe=" + (result.exe().isEmpty() ? "(unreadable)" : result.exe())
                + " uid=" + result.uid() + " ppid=" + result.ppid() + " memlock " + result.memlock());
    }

    private static String describe(ThreadSchedResult thread) {
        String change = thread.tid() + " " + thread.before().policy() + "/" + thread.before().priority() + " -> "
                + thread.after().policy() + "/" + thread.after().priority() + " " + thread.outcome();
        return thread.errorMessage().map(error -> change + " (" + error + ")").orElse(change);
    }

    /** Every call throws one of the typed BatonExceptions; the launcher reports it and carries on. */
    private static StepReport attempt(String step, Supplier<StepReport> call) {
        try {
            return call.get();
        } catch (BatonException e) {
            return StepReport.failed(step, e);
        }
    }
}
