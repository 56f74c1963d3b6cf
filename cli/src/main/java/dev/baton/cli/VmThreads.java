package dev.baton.cli;

import dev.baton.linux.ProcFs;
import dev.baton.spi.error.BatonException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A QEMU process's threads, sorted the way KubeVirt treats them: vCPUs ("CPU n/KVM") get SCHED_FIFO 1, the
 * kvm-pit thread gets SCHED_FIFO 2, everything else goes to the housekeeping cgroup. Names are chosen by the
 * process itself, so this is only ever used to plan or to drive a demo, never to authorize.
 */
record VmThreads(int pid, List<Integer> vcpus, List<Integer> pit, List<Integer> others) {
    private static final Pattern VCPU = Pattern.compile("CPU \\d+/KVM");

    static VmThreads of(int pid) {
        List<Integer> vcpus = new ArrayList<>();
        List<Integer> pit = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int tid : ProcFs.threadIds(pid)) {
            String name;
            try {
                name = ProcFs.threadName(pid, tid);
            } catch (BatonException exited) {
                continue;
            }
            if (VCPU.matcher(name).matches()) {
                vcpus.add(tid);
            } else if (name.startsWith("kvm-pit/")) {
                pit.add(tid);
            } else {
                others.add(tid);
            }
        }
        return new VmThreads(pid, vcpus, pit, others);
    }
}
