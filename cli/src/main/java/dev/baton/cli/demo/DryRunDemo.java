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
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

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

    DemoReport run() throws Exception {
        Baton.Builder builder = Baton.builder().acceptUnstableApi(InternalApi.VERSION);
        if (home != null && Files.isDirectory(home.resolve("plugins"))) {
            builder.pluginsDirectory(home.resolve("plugins"));
        }
        Hook.all().forEach(hook -> builder.route(hook, "dry-run"));
        DemoTable table = new DemoTable();
        List<Long> vmPids = new ArrayList<>();
        try (StandInVmProcess vm = startVm(vmPids); Baton baton = builder.build()) {
            out.println("1. stand-in VM pid " + vm.pid() + ", threads " + new TreeSet<>(vm.threads().keySet()));
            out.println("2. every hook is routed to dry-run: current values are read, nothing is changed");
            out.println("3. launch: the steps a launcher would delegate");
            run(baton, table, DemoScenario.launch(vm.pid(), vm.threads(), vcpu0Cpu(vm)));
            try (StandInVmProcess destination = startVm(vmPids)) {
                out.println("4. live migration: a second VM, pid " + destination.pid() + ", already running, gets the"
                        + " same scheduling and housekeeping while it runs");
                run(baton, table, DemoScenario.migration(destination.pid(), destination.threads(),
                        vcpu0Cpu(destination)));
            }
            out.println();
            table.print(out);
            out.println();
            out.println("5. the plan, as 'baton plan' exports it:");
            out.println(PlanJson.write(baton.plan()));
        }
        Leftovers check = new Leftovers();
        vmPids.forEach(pid -> check.processGone("the stand-in VM", pid));
        if (check.found().isEmpty()) {
            out.println("6. cleanup: both stand-in VMs are stopped; nothing else was created");
        } else {
            out.println("6. cleanup left these behind:");
            check.found().forEach(line -> out.println("   " + line));
        }
        return new DemoReport(table, check.found());
    }

    private static StandInVmProcess startVm(List<Long> started) {
        StandInVmProcess vm = StandInVmProcess.start(List.of(), System.getProperty("java.class.path"), List.of(), 4);
        started.add((long) vm.pid());
        return vm;
    }

    private static int vcpu0Cpu(StandInVmProcess vm) {
        return ThreadScheduling.affinity(vm.tid("CPU 0/KVM")).get(0);
    }

    private static void run(Baton baton, DemoTable table, List<DemoStep> steps) throws Exception {
        for (DemoStep step : steps) {
            table.add(RealDemo.row(step, DemoLauncher.run(baton, step.vmPid(), step.command().split(" "))));
        }
    }
}
