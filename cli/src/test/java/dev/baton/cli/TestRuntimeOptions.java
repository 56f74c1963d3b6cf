package dev.baton.cli;

import dev.baton.linux.ProcFs;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.MemlockLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --config, --plugins-dir and --socket, each with a real file, directory or socket. */
final class TestRuntimeOptions {
    static Path testPlugins(String name) {
        return Path.of(System.getProperty("baton.testPlugins")).resolve(name);
    }

    @Test
    void aConfigFileRoutesAHook(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("baton.yaml"), "routes:\n  memlock: dry-run\n");
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());

            CliRun run = CliRun.of("memlock", "--pid", Integer.toString(vm.pid()), "--bytes", "1G", "--config",
                    config.toString());

            assertEquals(0, run.exit(), run.err());
            assertEquals("memlock pid " + vm.pid() + ": soft=hard=8 MiB -> soft=hard=1 GiB via dry-run (configured)\n"
                    + "verification: planned\n", run.out());
            assertEquals(before, ProcFs.memlockLimits(vm.pid()), "dry-run changed nothing");
        }
    }

    @Test
    void aHookNobodyClaimsInStrictModeExitsWithTheStartupCode(@TempDir Path dir) throws Exception {
        // strict: local-root may not be the fallback, and dry-run is never chosen by priority.
        Path config = Files.writeString(dir.resolve("baton.yaml"), "strict: true\n");

        CliRun run = CliRun.of("inspect", "--pid", Long.toString(ProcessHandle.current().pid()), "--config",
                config.toString());

        assertEquals(ExitCode.STARTUP, run.exit(), run.out() + run.err());
        assertTrue(run.err().startsWith("baton: ") && run.err().contains("inspect"), run.err());
    }

    @Test
    void pluginsComeFromThePluginsDirectory(@TempDir Path dir) {
        Path plugins = testPlugins("dry-run-only");

        CliProcess listed = CliProcess.run(dir, CliProcess::isDryRunPlugin, "plugins", "--plugins-dir", plugins.toString());
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().lines().anyMatch(l -> l.startsWith("dry-run ") && l.contains("STARTED")
                && l.contains(plugins.resolve("dry-run").toString())), listed.out());

        CliProcess planned = CliProcess.run(dir, CliProcess::isDryRunPlugin, "inspect", "--pid",
                Long.toString(ProcessHandle.current().pid()), "--backend", "dry-run", "--plugins-dir", plugins.toString());
        assertEquals(0, planned.exit(), planned.err());
        assertTrue(planned.out().startsWith("inspect pid " + ProcessHandle.current().pid() + " via dry-run (configured):"),
                planned.out());
        assertTrue(planned.out().endsWith("verification: planned\n"), planned.out());

        CliProcess without = CliProcess.run(dir, CliProcess::isDryRunPlugin, "inspect", "--pid", "1", "--backend",
                "dry-run");
        assertEquals(ExitCode.STARTUP, without.exit(), "without the directory there is no dry-run: " + without.out());
    }

    @Test
    void socketKeepsTheRemoteHandlerSettingsOfTheConfigFile(@TempDir Path dir) throws Exception {
        // A "batond" that accepts connections and never answers: only the configured connect timeout ends the wait.
        Path socket = dir.resolve("silent.sock");
        Path config = Files.writeString(dir.resolve("baton.yaml"),
                "plugins:\n  remote-handler:\n    socket: /nonexistent/batond.sock\n    connectTimeoutMillis: 300\n");
        try (ServerSocketChannel silent = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.bind(UnixDomainSocketAddress.of(socket));

            CliRun run = CliRun.of("inspect", "--pid", Long.toString(ProcessHandle.current().pid()), "--backend",
                    "remote-handler", "--plugins-dir", testPlugins("remote-handler-only").toString(), "--config",
                    config.toString(), "--socket", socket.toString());

            assertEquals(ExitCode.FAILED, run.exit(), run.out() + run.err());
            assertTrue(run.err().contains("batond at " + socket + " accepted the connection but did not answer"
                    + " Negotiate within 300 ms (connectTimeoutMillis)"), run.err());
        }
    }

    @Test
    void memlockUnlimitedOnARealProcess() {
        Prerequisites.requireRoot();
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            MemlockLimits before = ProcFs.memlockLimits(vm.pid());

            CliRun run = CliRun.of("memlock", "--pid", Integer.toString(vm.pid()), "--unlimited", "--backend",
                    "local-root");

            if (Capabilities.current().has(Capabilities.CAP_SYS_RESOURCE)) {
                assertEquals(0, run.exit(), run.err());
                assertTrue(run.out().startsWith("memlock pid " + vm.pid() + ": soft=hard=8 MiB -> soft=hard=unlimited"),
                        run.out());
            } else {
                assertEquals(ExitCode.PERMISSION_DENIED, run.exit(), run.out());
                assertEquals("baton: permission denied: CAP_SYS_RESOURCE is required to raise the hard memlock limit of"
                        + " pid " + vm.pid() + " from 8 MiB to unlimited\n", run.err());
                assertEquals(before, ProcFs.memlockLimits(vm.pid()));
            }
        }
    }
}
