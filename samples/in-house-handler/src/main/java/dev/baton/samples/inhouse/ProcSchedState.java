package dev.baton.samples.inhouse;

import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;

import java.util.List;

/**
 * A thread's scheduling state from /proc, without sched_getscheduler(2):
 * <ul>
 *   <li>policy and priority: fields 41 (policy) and 40 (rt_priority) of /proc/PID/task/TID/stat;</li>
 *   <li>cpus: {@code Cpus_allowed_list} of /proc/PID/task/TID/status.</li>
 * </ul>
 * /proc does not show SCHED_RESET_ON_FORK (the stat field is task->policy, which never carries the flag), so
 * {@link SchedState#resetOnFork()} is always reported false here. Core does not verify that flag; preserving it is
 * the helper's job, as it is local-root's.
 */
final class ProcSchedState {
    private static final int EINVAL = 22;

    private ProcSchedState() {}

    static SchedState read(int pid, int tid) {
        List<String> stat = ProcFiles.statFields(ProcFiles.thread(pid, tid, "stat"), pid);
        int priority = Integer.parseInt(stat.get(40 - 3));
        int kernelPolicy = Integer.parseInt(stat.get(41 - 3));
        SchedPolicy policy = SchedPolicy.fromKernel(kernelPolicy).orElseThrow(() -> new OperationFailedException(
                EINVAL, "thread " + tid + " of pid " + pid + " has kernel scheduling policy " + kernelPolicy
                        + " (e.g. SCHED_DEADLINE), which Baton does not model"));
        return new SchedState(policy, priority, false, cpus(pid, tid));
    }

    private static List<Integer> cpus(int pid, int tid) {
        return ProcFiles.thread(pid, tid, "status").lines()
                .filter(line -> line.startsWith("Cpus_allowed_list:"))
                .findFirst()
                .map(line -> CpuList.parse(line.substring("Cpus_allowed_list:".length())))
                .orElseThrow(() -> new OperationFailedException(EINVAL, "/proc/" + pid + "/task/" + tid
                        + "/status has no Cpus_allowed_list line"));
    }
}
