package dev.baton.linux;

import com.sun.jna.LastErrorException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.hook.SchedPolicy;
import dev.baton.spi.hook.SchedState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Per-thread scheduling: sched_{get,set}scheduler, sched_getparam, sched_{get,set}affinity. */
public final class ThreadScheduling {
    /** sched_getscheduler() ORs this into the policy of threads that have it; pid 1 does on this machine. */
    public static final int SCHED_RESET_ON_FORK = 0x40000000;
    private static final long CAP_SYS_NICE = 1L << 23; // include/uapi/linux/capability.h
    private static final int MASK_WORDS = 16; // 1024 CPUs, glibc's CPU_SETSIZE; grown on EINVAL
    private static final Map<SchedPolicy, int[]> RANGES = new ConcurrentHashMap<>(); // {min, max} per policy

    private ThreadScheduling() {}

    /** Reads the policy, priority, reset-on-fork flag and affinity of thread {@code tid}. Needs no privilege. */
    public static SchedState read(int tid) {
        try {
            int raw = LibC.sched_getscheduler(tid);
            int[] param = new int[1];
            LibC.sched_getparam(tid, param);
            int kernelPolicy = raw & ~SCHED_RESET_ON_FORK;
            SchedPolicy policy = SchedPolicy.fromKernel(kernelPolicy).orElseThrow(() -> new OperationFailedException(
                    Errno.EINVAL, "thread " + tid + " has scheduling policy " + kernelPolicy
                    + ", which Baton does not know (SCHED_DEADLINE?)"));
            return new SchedState(policy, param[0], (raw & SCHED_RESET_ON_FORK) != 0, affinity(tid));
        } catch (LastErrorException e) {
            throw KernelFailure.of(e.getErrorCode(), tid, "read the scheduling policy of thread " + tid, null);
        }
    }

    /**
     * True if thread {@code tid} runs SCHED_FIFO or SCHED_RR: one sched_getscheduler, for counting real-time threads
     * where {@link #read} would also fetch the priority and the affinity.
     */
    public static boolean isRealtime(int tid) {
        try {
            int policy = LibC.sched_getscheduler(tid) & ~SCHED_RESET_ON_FORK;
            return policy == SchedPolicy.FIFO.kernelValue() || policy == SchedPolicy.RR.kernelValue();
        } catch (LastErrorException e) {
            throw KernelFailure.of(e.getErrorCode(), tid, "read the scheduling policy of thread " + tid, null);
        }
    }

    /** The CPUs thread {@code tid} may run on, sorted. */
    public static List<Integer> affinity(int tid) {
        for (int words = MASK_WORDS; ; words *= 2) {
            long[] mask = new long[words];
            try {
                LibC.sched_getaffinity(tid, words * 8L, mask);
                return cpusOf(mask);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINVAL || words >= 1024) {
                    throw KernelFailure.of(e.getErrorCode(), tid, "read the CPU affinity of thread " + tid, null);
                }
            }
        }
    }

    /**
     * Sets policy and priority of thread {@code tid}. {@code resetOnFork} is passed through so that a thread that
     * had SCHED_RESET_ON_FORK keeps it, as MISSION.md asks.
     */
    public static void set(int pid, int tid, SchedPolicy policy, int priority, boolean resetOnFork) {
        int raw = policy.kernelValue() | (resetOnFork ? SCHED_RESET_ON_FORK : 0);
        try {
            LibC.sched_setscheduler(tid, raw, new int[] {priority});
        } catch (LastErrorException e) {
            String operation = "set " + policy + " priority " + priority + " on thread " + tid + " of pid " + pid;
            if (e.getErrorCode() == Errno.EPERM && policy.isRealtime() && holdsSysNice()) {
                // With CAP_SYS_NICE in hand, the one remaining refusal is the cpu controller's: a thread whose v1
                // cpu cgroup has no real-time budget cannot be made real-time by anyone (sched_rt_can_attach).
                throw new PermissionDeniedException(null, "permission denied: cannot " + operation + ": this"
                        + " process holds CAP_SYS_NICE, so the refusal is most likely the thread's cpu cgroup, which"
                        + " has no real-time budget (cpu.rt_runtime_us is 0); give that cgroup a budget or move the"
                        + " thread");
            }
            throw KernelFailure.of(e.getErrorCode(), tid, operation, "CAP_SYS_NICE");
        }
    }


    private static boolean holdsSysNice() {
        try {
            return (ProcessCapabilities.of((int) ProcessHandle.current().pid()).effective() & CAP_SYS_NICE) != 0;
        } catch (RuntimeException e) {
            return false; // unknown: keep the usual message
        }
    }

    public static void setAffinity(int pid, int tid, List<Integer> cpus) {
        int highest = cpus.stream().mapToInt(Integer::intValue).max().orElse(0);
        long[] mask = new long[Math.max(MASK_WORDS, highest / 64 + 1)];
        for (int cpu : cpus) {
            mask[cpu / 64] |= 1L << (cpu % 64);
        }
        try {
            LibC.sched_setaffinity(tid, mask.length * 8L, mask);
        } catch (LastErrorException e) {
            throw KernelFailure.of(e.getErrorCode(), tid, "set the CPU affinity of thread " + tid + " of pid " + pid
                    + " to " + dev.baton.spi.hook.CpuList.format(cpus), "CAP_SYS_NICE");
        }
    }

    /**
     * The kernel's own priority range for {@code policy}: the authority, not the constant 1..99. The range is fixed
     * for the life of the kernel, so it is asked once per policy rather than twice per call.
     */
    public static int minPriority(SchedPolicy policy) {
        return range(policy)[0];
    }

    public static int maxPriority(SchedPolicy policy) {
        return range(policy)[1];
    }

    private static int[] range(SchedPolicy policy) {
        return RANGES.computeIfAbsent(policy, ThreadScheduling::askKernel);
    }

    private static int[] askKernel(SchedPolicy policy) {
        try {
            return new int[] {LibC.sched_get_priority_min(policy.kernelValue()),
                    LibC.sched_get_priority_max(policy.kernelValue())};
        } catch (LastErrorException e) {
            throw KernelFailure.of(e.getErrorCode(), 0, "read the priority range of " + policy, null);
        }
    }

    private static List<Integer> cpusOf(long[] mask) {
        List<Integer> cpus = new ArrayList<>();
        for (int word = 0; word < mask.length; word++) {
            // Visit set bits only: a 1024-CPU mask is mostly zeros, and this runs on every verification.
            for (long bits = mask[word]; bits != 0; bits &= bits - 1) {
                cpus.add(word * 64 + Long.numberOfTrailingZeros(bits));
            }
        }
        return cpus;
    }
}
