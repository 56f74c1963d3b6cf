package dev.baton.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.ScratchCgroup;
import dev.baton.linux.ThreadScheduling;
import dev.baton.varlink.VarlinkClient;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo as root: a real batond, a real unprivileged launcher (uid 65534), a stand-in VM, real syscalls and
 * cgroups. Everything it creates lives under one temporary directory and one scratch cgroup, removed at the end.
 */
final class RealDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String POLICY = """
            # Written by 'baton demo': the launcher (uid 65534) may act on its own descendants only.
            clients:
              - name: demo-launcher
                match: { uids: [65534] }
                targets: self-and-descendants
                memlock: { maxBytes: 68719476736, allowUnlimited: false }
                scheduler: { policies: [fifo, rr, other], maxPriority: 10, maxRealtimeThreadsPerProcess: 16 }
                housekeeping: { namePattern: "[a-z][a-z0-9-]{0,31}", maxCgroupsPerProcess: 4 }
                inspect: true
            """;

    private final Path home;
    private final PrintWriter out;

    RealDemo(Path home, PrintWriter out) {
        this.home = home;
        this.out = out;
    }

    DemoTable run() throws Exception {
        Path work = Files.createTempDirectory("baton-demo-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = work.resolve("batond.sock");
        Path audit = work.resolve("audit.jsonl");
        Process batond = null;
        ScratchCgroup pod = null;
        DemoTable table = new DemoTable();
        try {
            Path policy = Files.writeString(work.resolve("policy.yaml"), POLICY);
            Path lib = stageLauncher(work);
            CgroupMount mount = CgroupMounts.detect().cpusetHolder()
                    .orElseThrow(() -> new IllegalStateException("no cgroup hierarchy holds cpuset on this machine"));
            pod = ScratchCgroup.create(mount, "baton-demo", true);

            batond = new ProcessBuilder(home.resolve("bin/batond").toString(), "--socket", socket.toString(),
                    "--policy", policy.toString(), "--audit", audit.toString(), "--socket-mode", "rw-rw-rw-",
                    "--cgroup-layout", "auto")
                    .redirectErrorStream(true).redirectOutput(work.resolve("batond.log").toFile()).start();
            awaitReady(socket, batond, work.resolve("batond.log"));
            out.println("1. batond (root, pid " + batond.pid() + ") serves " + socket);
            out.println("   policy: uid 65534 may act on its own descendants; audit log " + audit);

            try (LauncherSession launcher = LauncherSession.start(launcherCommand(work, lib, socket))) {
                pod.adopt(launcher.pid());
                launcher.startVm();
                out.println("2. launcher pid " + launcher.pid() + " runs as uid 65534 with no capabilities; it started"
                        + " the stand-in VM pid " + launcher.vmPid() + " with threads " + launcher.threads().keySet());
                int vcpu0 = launcher.tid("CPU 0/KVM");
                out.println("3. the launcher on its own: " + launcher.status("direct-sched fifo 1 " + vcpu0));
                out.println("4. the launcher passes the baton: remote-handler -> batond -> local-root, verified by"
                        + " core on both sides");
                out.println("5. later, while the VM runs, as a live-migration destination must (the case the RFC says"
                        + " is blocked today)");
                int cpu = ThreadScheduling.affinity(vcpu0).get(0);
                for (DemoStep step : DemoScenario.steps(launcher.threads(), cpu)) {
                    table.add(row(step, launcher.send(step.command())));
                }
            }
            out.println();
            table.print(out);
            out.println();
            List<String> lines = Files.readAllLines(audit);
            out.println("6. audit log (" + lines.size() + " records, one JSON object per line):");
            lines.forEach(line -> out.println("   " + line));
            return table;
        } finally {
            if (batond != null) {
                batond.destroy();
                if (!batond.waitFor(15, TimeUnit.SECONDS)) {
                    batond.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (pod != null) {
                pod.close();
            }
            Staging.deleteTree(work);
            boolean clean = (pod == null || pod.removed()) && !Files.exists(work);
            out.println("7. cleanup: launcher, VM and batond stopped; " + (clean
                    ? "the scratch cgroup, its housekeeping child, the socket and " + work + " are removed"
                    : "some files or cgroups could not be removed; see the messages above"));
        }
    }

    /** The launcher's class path: this installation's lib/ and its remote-handler plugin, copied where 65534 can read. */
    private Path stageLauncher(Path work) throws IOException {
        Path lib = Staging.worldReadableDir(work.resolve("lib"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isRegularFile(source)) {
                Staging.copyTree(source, lib.resolve(source.getFileName()));
            }
        }
        Path plugins = Staging.worldReadableDir(work.resolve("plugins"));
        Staging.copyTree(home.resolve("plugins/remote-handler"), plugins.resolve("remote-handler"));
        // Logging goes to stderr through the installation's logback.xml; stdout is the launcher's protocol.
        Staging.copyTree(home.resolve("conf/logback.xml"), work.resolve("logback.xml"));
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        return lib;
    }

    private static List<String> launcherCommand(Path work, Path lib, Path socket) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--inh-caps=-all", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Djna.tmpdir=" + work.resolve("tmp"),
                "-Dlogback.configurationFile=" + work.resolve("logback.xml"),
                "-cp", lib + "/*", DemoLauncher.class.getName(), socket.toString(), work.resolve("plugins").toString()));
        return command;
    }

    private static void awaitReady(Path socket, Process batond, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!batond.isAlive()) {
                throw new IllegalStateException("batond exited: " + Files.readString(log));
            }
            if (Files.exists(socket)) {
                try (VarlinkClient client = VarlinkClient.builder(socket).timeout(Duration.ofSeconds(2)).connect()) {
                    client.call(DelegationInterface.NEGOTIATE, JSON.createObjectNode().set("clientVersions",
                            JSON.createArrayNode().add(1)));
                    return;
                } catch (IOException notYet) {
                    // listening soon
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("batond did not become ready in 30 s: " + Files.readString(log));
    }

    static DemoTable.Row row(DemoStep step, String line) throws IOException {
        if (line.startsWith("OK ")) {
            JsonNode summary = JSON.readTree(line.substring(line.indexOf('\t') + 1));
            return new DemoTable.Row(step.step(), step.hook(), summary.path("backend").asText(),
                    summary.path("target").asText(), summary.path("before").asText() + " -> "
                    + summary.path("after").asText(), summary.path("verification").asText());
        }
        String[] parts = line.split(" ", 3);
        return new DemoTable.Row(step.step(), step.hook(), "remote-handler", "-",
                parts.length > 2 ? parts[2] : line, "error: " + (parts.length > 1 ? parts[1] : "?"));
    }
}
