package dev.baton.cli.demo;

import dev.baton.core.Baton;
import dev.baton.core.PlanJson;
import dev.baton.linux.ThreadScheduling;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.standin.StandInVmProcess;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo without root: batond cannot run and a launcher cannot be made unprivileged, so the same scenario goes
 * through the dry-run plugin, which reads the current state and records what would be done.
 */
final class DryRunDemo {
    private final Path home;
    private final PrintWriter out;

    DryRunDemo(Path home, PrintWriter out) {
        this.home = home;
        this.out = out;
    }

    DemoTable run() throws Exception {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        if (home != null && Files.isDirectory(home.resolve("plugins"))) {
            builder.pluginsDirectory(home.resolve("plugins"));
        }
        Hook.all().forEach(hook -> builder.route(hook, "dry-run"));
        DemoTable table = new DemoTable();
        try (StandInVmProcess vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"), List.of(), 4);
             Baton baton = builder.build()) {
            out.println("1. stand-in VM pid " + vm.pid() + " with threads " + vm.threads().keySet());
            out.println("2. every hook is routed to dry-run: current values are read, nothing is changed");
            int cpu = ThreadScheduling.affinity(vm.tid("CPU 0/KVM")).get(0);
            for (DemoStep step : DemoScenario.steps(vm.threads(), cpu)) {
                table.add(RealDemo.row(step, DemoLauncher.run(baton, vm.pid(), step.command().split(" "))));
            }
            out.println();
            table.print(out);
            out.println();
            out.println("3. the plan, as 'baton plan' exports it:");
            out.println(PlanJson.write(baton.plan()));
        }
        out.println("4. cleanup: the stand-in VM is stopped; nothing else was created");
        return table;
    }
}
