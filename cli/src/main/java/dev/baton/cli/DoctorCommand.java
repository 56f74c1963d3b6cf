package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.core.Baton;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.CgroupMount;
import dev.baton.linux.CgroupMounts;
import dev.baton.linux.Identity;
import dev.baton.linux.KernelFeatures;
import dev.baton.linux.KernelFiles;
import dev.baton.varlink.VarlinkClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * What this node can do for each hook, in-process and through batond, and where each hook is routed with the
 * given --config, --plugins-dir and --backend. Read-only except for one probe: with root it creates and removes a
 * scratch v2 cgroup to see whether threaded mode works.
 *
 * <p>A configuration that cannot start is reported, and makes the exit status {@link ExitCode#STARTUP}: every
 * other command would fail the same way, which is what a person running doctor needs to know.
 */
@Command(name = "doctor", description = "Report capabilities, cgroup layout, kernel features and batond per hook.")
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Capabilities caps = Capabilities.current();
        CgroupMounts mounts = CgroupMounts.detect();
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        ObjectNode hooks = report.putObject("hooks");
        hook(hooks, "memlock", caps.has(Capabilities.CAP_SYS_RESOURCE), "CAP_SYS_RESOURCE",
                "raising a hard memlock limit needs it; lowering, and raising soft up to hard, do not");
        hook(hooks, "scheduler", caps.has(Capabilities.CAP_SYS_NICE), "CAP_SYS_NICE",
                "SCHED_FIFO/RR and other users' threads need it");
        boolean cgroupWritable = mounts.cpusetHolder().map(m -> Files.isWritable(m.mountPoint())).orElse(false);
        hook(hooks, "housekeeping", cgroupWritable, "write access to cgroupfs",
                "creating cgroups and moving threads needs root or a delegated subtree");
        hook(hooks, "inspect", caps.has(Capabilities.CAP_SYS_PTRACE), "CAP_SYS_PTRACE",
                "reading another user's /proc/PID/exe needs it");

        ObjectNode capabilities = report.putObject("capabilities");
        ArrayNode present = capabilities.putArray("present");
        ArrayNode missing = capabilities.putArray("missing");
        ArrayNode unobtainable = capabilities.putArray("notInBoundingSet");
        Capabilities.USED_BY_BATON.forEach((name, number) -> {
            (caps.has(number) ? present : missing).add(name);
            if (!caps.obtainable(number)) {
                unobtainable.add(name);
            }
        });

        ObjectNode cgroups = report.putObject("cgroups");
        cgroups.put("cpuset", mounts.cpusetHolder().map(m -> m.layout() + " at " + m.mountPoint()).orElse("none"));
        cgroups.put("v1Cpuset", mounts.v1Cpuset().map(m -> m.mountPoint().toString()).orElse("not mounted"));
        cgroups.put("v2", mounts.v2().map(m -> m.mountPoint().toString()).orElse("not mounted"));
        cgroups.put("v2Threaded", mounts.v2().map(DoctorCommand::threadedProbe).orElse("no v2 hierarchy"));

        ObjectNode kernel = report.putObject("kernel");
        kernel.put("pidfd", KernelFeatures.pidfd());
        kernel.put("pidfdThread", KernelFeatures.pidfdThread());
        kernel.put("soPeerPidfd", KernelFeatures.soPeerPidfd());

        int exit = routes(report);
        report.set("batond", batond(runtime.batondSocket()));
        print(report);
        return exit;
    }

    /** The routes in effect, as every other command would have them; a startup failure is reported, not thrown. */
    private int routes(ObjectNode report) {
        ObjectNode routes = report.putObject("routes");
        try (Baton baton = runtime.start(null)) {
            baton.routes().forEach((hook, route) -> routes.put(hook.id(), route.backendName() + " ("
                    + route.reason().name().toLowerCase().replace('_', ' ') + ")"));
            return ExitCode.OK;
        } catch (RuntimeException e) {
            report.put("startupProblem", String.valueOf(e.getMessage()));
            return ExitCode.of(e);
        }
    }

    private static void hook(ObjectNode hooks, String hook, boolean present, String needs, String why) {
        hooks.putObject(hook).put("inProcess", present ? "yes" : "no").put("needs", needs).put("why", why);
    }

    /** Creates a scratch cgroup and a threaded child under it, then removes both. */
    private static String threadedProbe(CgroupMount v2) {
        if (Identity.euid() != 0) {
            return "not checked (needs root)";
        }
        Path parent = v2.mountPoint().resolve("baton-doctor-" + UUID.randomUUID().toString().substring(0, 8));
        Path child = parent.resolve("probe");
        try {
            if (KernelFiles.mkdir(parent) != 0 || KernelFiles.mkdir(child) != 0) {
                return "no (cannot create a cgroup)";
            }
            int errno = KernelFiles.write(child.resolve("cgroup.type"), "threaded\n");
            return errno == 0 ? "yes" : "no (" + dev.baton.linux.Errno.name(errno) + ")";
        } finally {
            KernelFiles.rmdir(child);
            KernelFiles.rmdir(parent);
        }
    }

    private static ObjectNode batond(RuntimeOptions.BatondSocket batondSocket) {
        Path socket = batondSocket.path();
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("socket", socket.toString())
                .put("socketFrom", batondSocket.source());
        try (VarlinkClient client = VarlinkClient.builder(socket).timeout(Duration.ofSeconds(2)).connect()) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            ArrayNode versions = params.putArray("clientVersions");
            dev.baton.core.CoreVersions.SUPPORTED.forEach(versions::add);
            ObjectNode reply = client.call(DelegationInterface.NEGOTIATE, params);
            node.put("reachable", true).put("apiVersion", reply.path("apiVersion").asInt())
                    .put("daemon", reply.path("daemon").asText());
        } catch (Exception e) {
            node.put("reachable", false).put("problem", String.valueOf(e.getMessage()));
        }
        return node;
    }

    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(name -> names.add(name.asText()));
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private void print(ObjectNode report) {
        PrintWriter out = spec.commandLine().getOut();
        if (runtime.json()) {
            out.println(report.toPrettyString());
            return;
        }
        out.println("hooks (in-process, as uid " + Identity.euid() + "):");
        report.path("hooks").fields().forEachRemaining(e -> out.printf("  %-13s %-4s needs %s: %s%n", e.getKey(),
                e.getValue().path("inProcess").asText(), e.getValue().path("needs").asText(),
                e.getValue().path("why").asText()));
        out.println("capabilities (effective, of those the hooks use):");
        out.println("  present       " + names(report.path("capabilities").path("present")));
        out.println("  missing       " + names(report.path("capabilities").path("missing")));
        if (!report.path("capabilities").path("notInBoundingSet").isEmpty()) {
            out.println("  not in the bounding set, so no process here can gain them: "
                    + names(report.path("capabilities").path("notInBoundingSet")));
        }
        out.println("cgroups:");
        report.path("cgroups").fields().forEachRemaining(e -> out.printf("  %-13s %s%n", e.getKey(), e.getValue().asText()));
        out.println("routes:");
        report.path("routes").fields().forEachRemaining(e -> out.printf("  %-13s -> %s%n", e.getKey(),
                e.getValue().asText()));
        if (report.has("startupProblem")) {
            out.println("  cannot start Baton with this configuration: " + report.path("startupProblem").asText());
        }
        out.println("kernel:");
        report.path("kernel").fields().forEachRemaining(e -> out.printf("  %-13s %s%n", e.getKey(),
                e.getValue().asBoolean() ? "yes" : "no"));
        ObjectNode batond = (ObjectNode) report.path("batond");
        out.println("batond at " + batond.path("socket").asText() + " (" + batond.path("socketFrom").asText() + "): " + (batond.path("reachable").asBoolean()
                ? "reachable, " + batond.path("daemon").asText() + ", negotiated API version "
                + batond.path("apiVersion").asInt()
                : "unreachable (" + batond.path("problem").asText() + ")"));
        out.println("every hook can also be delegated: with batond reachable, route it to remote-handler.");
    }
}
