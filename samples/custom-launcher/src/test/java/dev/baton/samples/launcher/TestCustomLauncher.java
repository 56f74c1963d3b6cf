package dev.baton.samples.launcher;

import dev.baton.core.Baton;
import dev.baton.core.Outcome;
import dev.baton.core.Verification;
import dev.baton.core.routing.RouteReason;
import dev.baton.linux.ProcFs;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.MemlockLimits;
import dev.baton.spi.hook.PlannedOperation;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launcher against a real stand-in VM, with the real dry-run plugin in a plugins directory: every hook is
 * routed to dry-run, yet inspect is answered by the code handler, and nothing on the VM changes.
 */
final class TestCustomLauncher {
    private static final String[] ALL_TO_DRY_RUN = {"--route", "memlock=dry-run", "--route", "scheduler=dry-run",
            "--route", "housekeeping=dry-run", "--route", "inspect=dry-run"};

    @TempDir
    Path dir;

    @Test
    void printsWhereEachStepWentAndHowCoreCheckedIt() {
        Path plugins = TestingPluginsDirectory.withDryRun(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(2)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());
            List<Integer> vcpus = List.of(vm.tid("CPU 0/KVM"), vm.tid("CPU 1/KVM"));

            Run run = launch(args(plugins, vm.pid(), ALL_TO_DRY_RUN));

            assertEquals(0, run.status, run.output());
            assertEquals(List.of(
                    "route memlock -> dry-run (CONFIGURED)",
                    "route scheduler -> dry-run (CONFIGURED)",
                    "route housekeeping -> dry-run (CONFIGURED)",
                    "route inspect -> code (CODE_HANDLER)"), run.lines.subList(0, 4));
            boolean raises = !before.hard().covers(LaunchSteps.GUEST_MEMLOCK);
            assertEquals("memlock: dry-run (CONFIGURED), PLANNED: " + before + " -> "
                    + (raises ? MemlockLimits.both(LaunchSteps.GUEST_MEMLOCK) : before + " (unchanged)"), run.lines.get(4));
            assertEquals("scheduler: dry-run (CONFIGURED), PLANNED: " + vcpus.stream()
                    .map(tid -> tid + " SCHED_OTHER/0 -> SCHED_FIFO/1 APPLIED").collect(Collectors.joining("; ")),
                    run.lines.get(5));
            assertTrue(run.lines.get(6).matches("housekeeping: dry-run \\(CONFIGURED\\), PLANNED: \\d+ threads -> "
                    + "/\\S*housekeeping \\((V1_CPUSET|V2_THREADED), created\\)"), run.lines.get(6));
            assertEquals("inspect: code (CODE_HANDLER), VERIFIED: exe=" + ProcFs.exe(vm.pid()) + " uid="
                    + ProcFs.status(vm.pid()).uid() + " ppid=" + ProcessHandle.current().pid() + " memlock " + before,
                    run.lines.get(7));
            assertEquals(8, run.lines.size(), run.output());

            for (int tid : vcpus) {
                assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(tid).policy(), "dry-run must not change " + tid);
            }
            assertEquals(before, ProcFs.memlockLimits(vm.pid()), "dry-run must not change the limits");
        }
    }

    @Test
    void theCodeHandlerWinsOverAConfiguredRouteAndIsVerified() {
        Path plugins = TestingPluginsDirectory.withDryRun(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(2);
             Baton baton = CustomLauncher.start(LauncherArguments.parse(args(plugins, vm.pid(), ALL_TO_DRY_RUN)))) {
            List<StepReport> reports = new LaunchSteps(baton, vm.pid()).run();

            Outcome<?> inspect = reports.get(3).outcome().orElseThrow();
            assertEquals("code", inspect.backend());
            assertEquals(RouteReason.CODE_HANDLER, inspect.reason());
            assertEquals(Verification.VERIFIED, inspect.verification());
            for (StepReport planned : reports.subList(0, 3)) {
                Outcome<?> outcome = planned.outcome().orElseThrow();
                assertEquals("dry-run", outcome.backend(), planned.line());
                assertEquals(Verification.PLANNED, outcome.verification(), planned.line());
            }
            // dry-run wrote down the three calls it got; inspect never reached it.
            assertEquals(List.of("memlock", "scheduler", "housekeeping"),
                    baton.plan().stream().map(PlannedOperation::hook).toList());
            assertEquals(List.of(vm.tid("CPU 0/KVM"), vm.tid("CPU 1/KVM")), baton.plan().get(1).tids(), "in vCPU order");
        }
    }

    @Test
    void withoutRoutesOrLocalRootEachStepFailsWithATypedErrorButInspectStillWorks() {
        Path plugins = TestingPluginsDirectory.withDryRun(dir);
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            Run run = launch(args(plugins, vm.pid()));

            assertEquals(1, run.status, run.output());
            assertEquals("route memlock -> (none) (NONE)", run.lines.get(0));
            for (int i = 0; i < 3; i++) {
                String hook = List.of("memlock", "scheduler", "housekeeping").get(i);
                // dry-run claims every hook but is never picked by priority: a plan needs a route that asks for it.
                assertEquals(hook + ": failed, HookNotClaimed: no plugin claims hook '" + hook + "' and the in-process"
                        + " fallback, plugin 'local-root', is not installed", run.lines.get(4 + i));
            }
            assertTrue(run.lines.get(7).startsWith("inspect: code (CODE_HANDLER), VERIFIED: "), run.lines.get(7));
        }
    }

    @Test
    void aMissingPluginsDirectoryStopsTheLaunchBeforeAnyStep() {
        Run run = launch("--plugins", dir.resolve("nowhere").toString(), "4242");

        assertEquals(1, run.status);
        assertEquals(List.of("cannot start Baton: plugins directory " + dir.resolve("nowhere")
                + " does not exist or is not a directory"), run.lines);
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertEquals(List.of("usage error: --plugins DIR is required", LauncherArguments.USAGE),
                launch("4242").lines);
        assertEquals(2, launch("--plugins", "/tmp", "--route", "memlok=dry-run", "4242").status);
        assertEquals("usage error: the pid must be a positive integer (got 'qemu')",
                launch("--plugins", "/tmp", "qemu").lines.get(0));
    }

    private static String[] args(Path plugins, int pid, String... routes) {
        String[] args = new String[routes.length + 3];
        args[0] = "--plugins";
        args[1] = plugins.toString();
        System.arraycopy(routes, 0, args, 2, routes.length);
        args[args.length - 1] = Integer.toString(pid);
        return args;
    }

    private static Run launch(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = CustomLauncher.run(args, new PrintStream(bytes, true, UTF_8));
        return new Run(status, bytes.toString(UTF_8).lines().toList());
    }

    private record Run(int status, List<String> lines) {
        String output() {
            return String.join("\n", lines);
        }
    }
}
