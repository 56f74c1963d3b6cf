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
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The demo as root: a real batond, a real unprivileged launcher (uid 65534), two stand-in VMs (one launched, one
 * a live-migration destination), real syscalls and cgroups. Everything it creates lives under one temporary
 * directory and two scratch cgroups, removed at the end and then checked to be gone.
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
    // What this run started, checked by pid after cleanup.
    private final List<Long> vmPids = new ArrayList<>();
    private long launcherPid;
    private List<String> leftovers = List.of();

    RealDemo(Path home, PrintWriter out) {
        this.home = home;
        this.out = out;
    }

    DemoReport run() throws Exception {
        Path work = Files.createTempDirectory("baton-demo-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path socket = work.resolve("batond.sock");
        Path audit = work.resolve("audit.jsonl");
        Process batond = null;
        ScratchCgroup pod = null;
        ScratchCgroup destinationPod = null;
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
            out.println("   its policy lets uid 65534 act on its own descendants only; audit log " + audit);

            try (LauncherSession launcher = LauncherSession.start(launcherCommand(work, lib, socket))) {
                launcherPid = launcher.pid();
                pod.adopt(launcher.pid());
                launcher.startVm();
                vmPids.add((long) launcher.vmPid());
                out.println("2. the launcher, pid " + launcher.pid() + ", runs as uid 65534 with no capabilities in the"
                        + " scratch cgroup " + pod.path() + " (" + mount.mountPoint() + "), as in a pod.");
                out.println("   It started the stand-in VM pid " + launcher.vmPid() + ", threads "
                        + new TreeSet<>(launcher.threads().keySet()));
                int vcpu0 = launcher.tid("CPU 0/KVM");
                out.println("3. the launcher on its own " + ownAttempt(launcher.status("direct-sched fifo 1 " + vcpu0)));
                out.println("4. launch: for each step the launcher passes the baton: remote-handler -> batond ->"
                        + " local-root;");
                out.println("   core verifies each result in batond and again in the launcher");
                for (DemoStep step : DemoScenario.launch(launcher.vmPid(), launcher.threads(),
                        ThreadScheduling.affinity(vcpu0).get(0))) {
                    table.add(row(step, launcher.send(step.targetedCommand())));
                }

                // A migration destination runs on another node, in a pod of its own: the launcher's next child
                // starts in a second scratch cgroup, so its housekeeping child is created there.
                destinationPod = ScratchCgroup.create(mount, "baton-demo-destination", true);
                destinationPod.adopt(launcher.pid());
                LaunchedVm destination = launcher.startAnotherVm();
                vmPids.add((long) destination.pid());
                out.println("5. live migration: the launcher starts a destination VM, pid " + destination.pid()
                        + ", in its own scratch cgroup " + destinationPod.path() + ".");
                out.println("   It runs from its first instant, so scheduling and housekeeping are delegated while it"
                        + " runs: the case the RFC says is blocked today.");
                int destinationVcpu0 = destination.tid("CPU 0/KVM");
                for (DemoStep step : DemoScenario.migration(destination.pid(), destination.threads(),
                        ThreadScheduling.affinity(destinationVcpu0).get(0))) {
                    table.add(row(step, launcher.send(step.targetedCommand())));
                }
            }
            out.println();
            table.print(out);
            table.rows().stream().filter(DemoTable.Row::isMissingMemlockCapability).findFirst().ifPresent(row ->
                    out.println("(memlock: this machine's bounding set lacks CAP_SYS_RESOURCE, so not even batond may"
                            + " raise a hard limit; the row shows batond's exact error)"));
            out.println();
            List<String> lines = Files.readAllLines(audit);
            out.println("6. batond's audit log: " + lines.size() + " records, an \"allow\" and a \"result\" per call:");
            lines.forEach(line -> out.println("   " + AuditSummary.of(line)));
            if (!lines.isEmpty()) {
                out.println("   each record is one JSON object per line; the first in full:");
                out.println("   " + lines.get(0));
            }
        } finally {
            leftovers = cleanUp(batond, work, pod, destinationPod);
        }
        return new DemoReport(table, leftovers);
    }

    /** Stops and removes everything this run created, then checks, by pid and path, that it is really gone. */
    private List<String> cleanUp(Process batond, Path work, ScratchCgroup... pods) throws InterruptedException {
        if (batond != null) {
            batond.destroy();
            if (!batond.waitFor(15, TimeUnit.SECONDS)) {
                batond.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        for (ScratchCgroup pod : pods) {
            if (pod != null) {
                pod.close();
            }
        }
        Staging.deleteTree(work);

        Leftovers check = new Leftovers();
        if (batond != null) {
            check.processGone("batond", batond.pid());
        }
        if (launcherPid > 0) {
            check.processGone("the launcher", launcherPid);
        }
        vmPids.forEach(pid -> check.processGone("the stand-in VM", pid));
        for (ScratchCgroup pod : pods) {
            if (pod != null) {
                check.pathGone("the scratch cgroup", pod.dir(), "once its processes are gone, rmdir its children and");
            }
        }
        check.pathGone("the demo's directory (socket, policy, audit log, staged jars)", work, "rm -r");
        if (check.found().isEmpty()) {
            out.println("7. cleanup: batond, the launcher and both VMs are stopped; the scratch cgroups with their"
                    + " housekeeping children, the socket and " + work + " are removed");
        } else {
            out.println("7. cleanup left these behind:");
            check.found().forEach(line -> out.println("   " + line));
        }
        return check.found();
    }

    /** "gets EPERM: ..." for the expected refusal; anything else is shown as it is. */
    private static String ownAttempt(String status) {
        if (status.startsWith("ERR PermissionDenied ")) {
            return "gets EPERM: " + status.substring("ERR PermissionDenied ".length());
        }
        return "was expected to get EPERM, but answered: " + status;
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
            boolean succeeded = summary.path("succeeded").asBoolean(true);
            String change = summary.path("before").asText() + " -> " + summary.path("after").asText();
            return new DemoTable.Row(step.step(), step.hook(), summary.path("backend").asText(),
                    summary.path("target").asText(),
                    succeeded ? change : change + "; " + summary.path("problem").asText(),
                    succeeded ? summary.path("verification").asText() : "error: some threads failed", succeeded);
        }
        String[] parts = line.split(" ", 3);
        return new DemoTable.Row(step.step(), step.hook(), "remote-handler", "pid " + step.vmPid(),
                parts.length > 2 ? parts[2] : line, "error: " + (parts.length > 1 ? parts[1] : "?"), false);
    }
}
