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
 * Every value is made from a typed value (an int, a {@link SchedPolicy} id, a CPU list formatted from ints, or a
 * constant) and then passes {@link HelperArgument}, which refuses anything that could become an option or shell
 * syntax. The vector goes to execve() as it is (see {@link SiteHelper}): with no shell in between, no character
 * in it can start another command, expand a variable or split into two arguments.
 */
record HelperCommand(List<String> argv) {
    HelperCommand {
        argv = List.copyOf(argv);
    }

    static HelperCommand sched(Path helper, int pid, int tid, SchedPolicy policy, int priority, List<Integer> cpus) {
        Builder command = command(helper, "sched").option("pid", pid).option("tid", tid)
                .option("policy", policy.id()).option("priority", priority);
        if (!cpus.isEmpty()) {
            command.option("cpus", CpuList.format(cpus));
        }
        return command.build();
    }

    static HelperCommand memlock(Path helper, int pid, MemlockLimit limit) {
        return command(helper, "memlock").option("pid", pid)
                .option("bytes", limit.isUnlimited() ? "unlimited" : Long.toString(limit.bytes())).build();
    }

    /** The only way arguments are added: "--name value" pairs, each value checked by {@link HelperArgument}. */
    static Builder command(Path helper, String operation) {
        return new Builder(helper, operation);
    }

    /** The helper's path. */
    String program() {
        return argv.get(0);
    }

    /** For messages: values cannot contain spaces, so joining them with spaces is unambiguous. */
    @Override
    public String toString() {
        return String.join(" ", argv);
    }

    static final class Builder {
        private final List<String> argv = new ArrayList<>();

        private Builder(Path helper, String operation) {
            argv.add(helper.toString());
            argv.add(HelperArgument.optionName(operation).substring(2));
        }

        Builder option(String name, String value) {
            argv.add(HelperArgument.optionName(name));
            argv.add(HelperArgument.value(name, value));
            return this;
        }

        Builder option(String name, long value) {
            return option(name, Long.toString(value));
        }

        HelperCommand build() {
            return new HelperCommand(argv);
        }
    }
}
