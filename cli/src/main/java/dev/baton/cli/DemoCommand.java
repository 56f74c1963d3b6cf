package dev.baton.cli;

import dev.baton.cli.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "demo", description = "Play the RFC's scenario on this machine: an unprivileged launcher passes the"
        + " baton to batond (as root), or a dry-run (otherwise).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            return Demo.run(spec.commandLine().getOut()) ? ExitCode.OK : ExitCode.FAILED;
        } catch (Exception e) {
            spec.commandLine().getErr().println("baton demo: " + e.getMessage());
            return ExitCode.FAILED;
        }
    }
}
