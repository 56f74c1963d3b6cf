package dev.baton.plugins.dryrun;

import dev.baton.linux.ProcCgroup;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ProcStat;
import dev.baton.linux.ProcStatus;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.CgroupLayout;
import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.HousekeepingRequest;
import dev.baton.spi.hook.HousekeepingResult;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.MemlockRequest;
import dev.baton.spi.hook.MemlockResult;
import dev.baton.spi.hook.SchedState;
import dev.baton.spi.hook.SchedulerRequest;
import dev.baton.spi.hook.SchedulerResult;
import dev.baton.spi.hook.ThreadOutcome;
import dev.baton.spi.hook.ThreadSchedResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out what each hook would do, using only unprivileged reads, and records it. A process that does not exist
 * is still an error: a plan against a missing pid would be a plan for nothing.
 */
final class Planner {
    private static final String UNREADABLE = "unreadable";

    private final Plan plan;

    Planner(Plan plan) {
        this.plan = plan;
    }

    MemlockResult memlock(MemlockRequest request) {
        MemlockLimits current = ProcFs.memlockLimits(request.pid());
        boolean change = !(request.onlyRaise() && current.hard().covers(request.limit()));
        MemlockLimits after = change ? MemlockLimits.both(request.limit()) : current;
        plan.record("memlock", request.pid(), List.of(), change ? "prlimit64(RLIMIT_MEMLOCK)" : "none (already covered)",
                Map.of("soft", current.soft().toString(), "hard", current.hard().toString()),
                Map.of("soft", after.soft().toString(), "hard", after.hard().toString(),
                        "onlyRaise", Boolean.toString(request.onlyRaise())));
        return new MemlockResult(request.pid(), current, after, change);
    }

    SchedulerResult scheduler(SchedulerRequest request) {
        List<ThreadSchedResult> threads = new ArrayList<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (int tid : request.tids()) {
            try {
                SchedState before = ThreadScheduling.read(tid);
                SchedState after = new SchedState(request.policy(), request.priority(),
                        before.resetOnFork() || request.resetOnFork(),
                        request.cpus().isEmpty() ? before.cpus() : request.cpus());
                current.put(Integer.toString(tid), before.toString());
                threads.add(new ThreadSchedResult(tid, before, after,
                        before.equals(after) ? ThreadOutcome.UNCHANGED : ThreadOutcome.APPLIED, null));
            } catch (BatonException e) {
                current.put(Integer.toString(tid), UNREADABLE + ": " + e.getMessage());
                SchedState unknown = new SchedState(request.policy(), request.priority(), false, List.of());
                threads.add(new ThreadSchedResult(tid, unknown, unknown, ThreadOutcome.FAILED, e.getMessage()));
            }
        }
        Map<String, String> planned = new LinkedHashMap<>();
        planned.put("policy", request.policy().toString());
        planned.put("priority", Integer.toString(request.priority()));
        planned.put("cpus", request.cpus().isEmpty() ? "unchanged" : CpuList.format(request.cpus()));
        planned.put("allOrNothing", Boolean.toString(request.allOrNothing()));
        plan.record("scheduler", request.pid(), request.tids(), "sched_setscheduler"
                + (request.cpus().isEmpty() ? "" : " + sched_setaffinity") + " per thread", current, planned);
        return new SchedulerResult(request.pid(), threads);
    }

    HousekeepingResult housekeeping(HousekeepingRequest request) {
        List<String> lines = ProcFs.cgroups(request.pid());
        CgroupLayout layout = ProcCgroup.path(lines, CgroupLayout.V1_CPUSET).isPresent()
                ? CgroupLayout.V1_CPUSET : CgroupLayout.V2_THREADED;
        String parent = ProcCgroup.path(lines, layout).orElse("/");
        String child = (parent.endsWith("/") ? parent : parent + "/") + request.cgroup();
        Map<String, String> current = new LinkedHashMap<>();
        current.put("cgroup", parent);
        for (int tid : request.tids()) {
            try {
                current.put(Integer.toString(tid), ProcCgroup.path(ProcFs.threadCgroups(request.pid(), tid), layout)
                        .orElse(UNREADABLE));
            } catch (BatonException e) {
                current.put(Integer.toString(tid), UNREADABLE + ": " + e.getMessage());
            }
        }
        plan.record("housekeeping", request.pid(), request.tids(), layout == CgroupLayout.V1_CPUSET
                        ? "mkdir cpuset child, copy cpuset.cpus/mems, write tasks"
                        : "mkdir child, cgroup.type=threaded, write cgroup.threads",
                current, Map.of("cgroup", child, "cpus",
                        request.cpus().isEmpty() ? "inherited" : CpuList.format(request.cpus())));
        return new HousekeepingResult(request.pid(), layout, child, true, request.tids());
    }

    InspectResult inspect(InspectRequest request) {
        ProcStat stat = ProcFs.stat(request.pid());
        ProcStatus status = ProcFs.status(request.pid());
        String exe;
        try {
            exe = ProcFs.exe(request.pid());
        } catch (BatonException e) {
            exe = UNREADABLE; // /proc/PID/exe needs ptrace access; a plan does not get privilege
        }
        plan.record("inspect", request.pid(), List.of(), "read /proc/" + request.pid() + " under a pidfd",
                Map.of("exe", exe, "state", stat.state(), "startTime", Long.toString(stat.startTime())), Map.of());
        return new InspectResult(request.pid(), exe, status.uid(), status.euid(), status.gid(), status.egid(),
                stat.ppid(), stat.startTime(), stat.state(), ProcFs.cgroups(request.pid()),
                ProcFs.memlockLimits(request.pid()));
    }
}
