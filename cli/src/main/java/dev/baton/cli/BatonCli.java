package dev.baton.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code baton}: the command-line front of the embedding API. See docs/cli.md. */
@Command(name = "baton", mixinStandardHelpOptions = true, versionProvider = BatonCli.Version.class,
        description = "Delegate privileged Linux operations (memlock, scheduler, housekeeping, inspect) to a backend.",
        subcommands = {MemlockCommand.class, SchedCommand.class, HousekeepingCommand.class, InspectCommand.class,
                PluginsCommand.class, DoctorCommand.class, PlanCommand.class, DemoCommand.class,
                AutoComplete.GenerateCompletion.class})
public final class BatonCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new BatonCli());
        line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        return line;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = BatonCli.class.getPackage().getImplementationVersion();
            return new String[] {"baton " + (version == null ? "dev" : version) + " (internal API "
                    + dev.baton.spi.InternalApi.VERSION + ")"};
        }
    }
}
