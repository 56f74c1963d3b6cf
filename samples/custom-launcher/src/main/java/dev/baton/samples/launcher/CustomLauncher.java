package dev.baton.samples.launcher;

import dev.baton.core.Baton;
import dev.baton.core.StartupException;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.UnsupportedApiVersionException;

import java.io.PrintStream;
import java.util.List;

/**
 * A tiny VM launcher that embeds Baton: it hands the privileged steps of starting a VM to whatever backends a
 * plugins directory and a few routes choose, answers {@code inspect} itself in code, and prints each
 * {@link dev.baton.core.Outcome}. README.md walks through it.
 *
 * <pre>
 * java dev.baton.samples.launcher.CustomLauncher --plugins DIR [--config FILE] [--route HOOK=PLUGIN]... PID
 * </pre>
 * Exit status: 0 when every step succeeded, 1 when one failed or Baton could not start, 2 for a usage error.
 */
public final class CustomLauncher {
    private CustomLauncher() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        LauncherArguments arguments;
        try {
            arguments = LauncherArguments.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("usage error: " + e.getMessage());
            out.println(LauncherArguments.USAGE);
            return 2;
        }
        try (Baton baton = start(arguments)) {
            baton.routes().values().forEach(route -> out.println("route " + route.hook() + " -> "
                    + route.backendName() + " (" + route.reason() + ")"));
            List<StepReport> reports = new LaunchSteps(baton, arguments.pid()).run();
            reports.forEach(report -> out.println(report.line()));
            return reports.stream().allMatch(StepReport::succeeded) ? 0 : 1;
        } catch (UnsupportedApiVersionException | StartupException e) {
            // Both come from build(): a version core does not implement, a bad plugins directory, configuration
            // file or route. They are not BatonExceptions of a call, and they mean nothing was attempted.
            out.println("cannot start Baton: " + e.getMessage());
            return 1;
        }
    }

    /** Everything a launcher decides about Baton is in this one builder chain. */
    static Baton start(LauncherArguments arguments) {
        Baton.Builder builder = Baton.builder()
                // The hooks are unstable by design: opt in, with the version this launcher was compiled against.
                // A core that does not implement it refuses here, at start-up, and not at the first call.
                .acceptUnstableApi(InternalApi.VERSION)
                // The deployment's backends: local-root, remote-handler, dry-run or an in-house jar, each loaded
                // with a class loader of its own.
                .pluginsDirectory(arguments.pluginsDir())
                // The RFC's function pointer: this launcher started the VM itself, so it can read what inspect
                // returns without privilege. A code handler wins over every route, even a configured one.
                .handler(Hook.INSPECT, new OwnChildInspector());
        arguments.config().ifPresent(builder::config);
        arguments.routes().forEach(builder::route);
        return builder.build();
    }
}
