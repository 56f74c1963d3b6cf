package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.Hook;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "memlock", description = "Set RLIMIT_MEMLOCK of a process (soft = hard), only raising by default.")
final class MemlockCommand extends HookCommand {
    @Option(names = "--pid", required = true, description = "Target process.")
    int pid;

    @ArgGroup(multiplicity = "1")
    Limit limit;

    static final class Limit {
        @Option(names = "--bytes", paramLabel = "SIZE", converter = Sizes.class, description = "64M, 1G or bytes.")
        Long bytes;

        @Option(names = "--unlimited", description = "RLIM_INFINITY.")
        boolean unlimited;
    }

    @Option(names = "--no-only-raise", description = "Also lower the limit if it is above SIZE.")
    boolean noOnlyRaise;

    @Override
    Hook<?, ?> hook() {
        return Hook.MEMLOCK;
    }

    @Override
    Outcome<?> run(Baton baton) {
        MemlockLimit value = limit.unlimited ? MemlockLimit.UNLIMITED : MemlockLimit.ofBytes(limit.bytes);
        return baton.setMaxMemlock(new MemlockRequest(pid, value, !noOnlyRaise));
    }
}
