package dev.baton.distribution;

import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.TestingNotifySocket;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled distribution, used the way an operator uses it: its bin/ scripts, its conf/, its plugins/, on
 * real processes, with batond started by systemd's own socket-activation tool.
 */
final class DistributionSmokeIT {
    @Test
    void theLayoutIsComplete() {
        for (String path : List.of("bin/baton", "bin/batond", "conf/baton.yaml", "conf/batond-policy.yaml",
                "conf/logback.xml", "systemd/batond.service", "systemd/batond.socket",
                "kubernetes/batond-daemonset.yaml", "docs/architecture.md", "plugins/local-root/plugin.properties",
                "plugins/remote-handler/plugin.properties", "plugins/dry-run/plugin.properties")) {
            assertTrue(Files.exists(Shell.home().resolve(path)), path);
        }
        assertTrue(Files.isExecutable(Shell.home().resolve("bin/baton")));
        Shell version = Shell.run("bin/baton", "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("baton "), version.out());
    }

    @Test
    void pluginsAreLoadedFromTheInstallation() {
        Shell run = Shell.run("bin/baton", "plugins");
        assertEquals(0, run.exit(), run.err());
        for (String plugin : List.of("dry-run", "local-root", "remote-handler")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(plugin) && l.contains("STARTED")), run.out());
        }
        assertTrue(run.out().contains("scheduler     -> local-root       configured"), run.out());
    }

    @Test
    void schedThroughTheScriptChangesARealProcess() {
        Prerequisites.requireRoot();
        try (QemuLikeChild vm = QemuLikeChild.start(1)) {
            int vcpu = vm.tid("CPU 0/KVM");
            Shell run = Shell.run("bin/baton", "sched", "--pid", Integer.toString(vm.pid()), "--tids",
                    Integer.toString(vcpu), "--policy", "rr", "--priority", "3");
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().endsWith("verification: verified\n"), run.out());
            assertEquals(SchedPolicy.RR, ThreadScheduling.read(vcpu).policy());
            assertEquals(3, ThreadScheduling.read(vcpu).priority());
        }
    }

    @Test
    void batondUnderSocketActivationNotifiesReadinessAndServesTheCli(@TempDir Path dir) throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.require(Files.isExecutable(Path.of("/usr/bin/systemd-socket-activate")),
                "/usr/bin/systemd-socket-activate (Debian package systemd) is missing");
        Path socket = dir.resolve("batond.sock");
        Path policy = Files.writeString(dir.resolve("policy.yaml"),
                "clients:\n  - name: root\n    match: { uids: [0] }\n    targets: same-uid\n    inspect: true\n");
        Path audit = dir.resolve("audit.jsonl");
        try (TestingNotifySocket notify = TestingNotifySocket.bind(dir.resolve("notify.sock"));
             QemuLikeChild vm = QemuLikeChild.start(1)) {
            // systemd-socket-activate hands the child a fresh environment: NOTIFY_SOCKET must be passed with -E.
            ProcessBuilder activator = new ProcessBuilder("/usr/bin/systemd-socket-activate", "-l", socket.toString(),
                    "-E", "NOTIFY_SOCKET=" + notify.path(),
                    Shell.home().resolve("bin/batond").toString(), "--policy", policy.toString(), "--audit",
                    audit.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("batond.log").toFile());
            Process batond = activator.start();
            try {
                // systemd-socket-activate starts batond on the first connection; the CLI makes it.
                Shell run = Shell.run("bin/baton", "inspect", "--pid", Integer.toString(vm.pid()), "--backend",
                        "remote-handler", "--socket", socket.toString());
                assertEquals(0, run.exit(), run.err() + Files.readString(dir.resolve("batond.log")));
                assertTrue(run.out().startsWith("inspect pid " + vm.pid() + " via remote-handler (configured):"),
                        run.out());
                assertTrue(run.out().endsWith("verification: verified\n"), run.out());
                String ready = notify.receive(10_000).orElse("(nothing)");
                assertTrue(ready.startsWith("READY=1\n"), ready);
                assertTrue(Files.readString(audit).contains("\"event\":\"allow\""));
            } finally {
                batond.destroy();
                if (!batond.waitFor(15, TimeUnit.SECONDS)) {
                    batond.destroyForcibly();
                }
            }
        }
    }

    @Test
    void theTarballHasOneRootDirectoryAndExecutableScripts() {
        String root = "baton-" + System.getProperty("baton.version") + "/";
        Path tarball = Path.of(System.getProperty("baton.tarball"));
        assertTrue(Files.isRegularFile(tarball), tarball + " exists");

        Shell listing = Shell.exec(List.of("tar", "-tvzf", tarball.toString()), Map.of());

        assertEquals(0, listing.exit(), listing.err());
        // tar -tv: mode, owner/group, size, date, time, name
        Map<String, String> modes = listing.out().lines().map(line -> line.split("\\s+", 6))
                .collect(Collectors.toMap(fields -> fields[5], fields -> fields[0]));
        List<String> outside = modes.keySet().stream().filter(name -> !name.startsWith(root)).toList();
        assertEquals(List.of(), outside, "entries outside " + root);
        for (String script : List.of("bin/baton", "bin/batond")) {
            assertEquals("-rwxr-xr-x", modes.get(root + script), script + " in " + modes.keySet());
        }
        assertTrue(modes.containsKey(root + "plugins/local-root/plugin.properties"), modes.keySet().toString());
        assertTrue(modes.keySet().stream().noneMatch(name -> name.endsWith(".jsa")),
                "a class-data archive is tied to this build's paths and stays out of the tarball");
    }
}
