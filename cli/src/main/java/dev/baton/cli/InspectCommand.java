package dev.baton.cli;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.spi.Hook;
import dev.baton.spi.hook.InspectRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "inspect", description = "Show what only ptrace-level access may read about a process.")
final class InspectCommand extends HookCommand {
    @Option(names = "--pid", required = true, description = "Target process.")
    int pid;

    @Override
    Hook<?, ?> hook() {
        return Hook.INSPECT;
    }

    @Override
    Outcome<?> run(Baton baton) {
        return baton.inspect(new InspectRequest(pid));
    }
}
