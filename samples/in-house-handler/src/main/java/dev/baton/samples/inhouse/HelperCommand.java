package dev.baton.samples.inhouse;

import dev.baton.spi.hook.CpuList;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.SchedPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One invocation of the site helper, as an argument vector:
 * <pre>
 * helper sched --pid P --tid T --policy fifo --priority 1 [--cpus 0-3]
 * helper memlock --pid P --bytes N|unlimited
 * </pre>
 * Every argument is made from a typed value: an int, a {@link SchedPolicy} id, a CPU list formatted from ints, or
 * a constant. No free text from a request ever reaches the helper, so there is nothing to quote or escape. The
 * vector goes to execve() as it is (see {@link SiteHelper}): with no shell in between, no character in it can
 * start another command, expand a variable or split into two arguments.
 */
record HelperCommand(List<String> argv) {
    HelperCommand {
        argv = List.copyOf(argv);
    }

    static HelperCommand sched(Path helper, int pid, int tid, SchedPolicy policy, int priority, List<Integer> cpus) {
        List<String> argv = new ArrayList<>(List.of(helper.toString(), "sched", "--pid", Integer.toString(pid),
                "--tid", Integer.toString(tid), "--policy", policy.id(), "--priority", Integer.toString(priority)));
        if (!cpus.isEmpty()) {
            argv.addAll(List.of("--cpus", CpuList.format(cpus)));
        }
        return new HelperCommand(argv);
    }

    static HelperCommand memlock(Path helper, int pid, MemlockLimit limit) {
        return new HelperCommand(List.of(helper.toString(), "memlock", "--pid", Integer.toString(pid),
                "--bytes", limit.isUnlimited() ? "unlimited" : Long.toString(limit.bytes())));
    }

    /** The helper's path. */
    String program() {
        return argv.get(0);
    }

    /** For messages: the arguments cannot contain spaces, so joining them with spaces is unambiguous. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
