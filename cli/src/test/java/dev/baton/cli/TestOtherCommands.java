package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.linux.ThreadScheduling;
import dev.baton.linux.testing.QemuLikeChild;
import dev.baton.spi.hook.SchedPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** plugins, doctor, plan, demo (dry-run path), completion, and the argument converters. */
final class TestOtherCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pluginsListsEveryPluginAndTheRoutes() {
        CliRun run = CliRun.of("plugins");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("NAME             VERSION          STATE         API   HOOKS"), run.out());
        assertTrue(run.out().contains("local-root"), run.out());
        assertTrue(run.out().contains("dry-run"), run.out());
        assertTrue(run.out().contains("  housekeeping  -> local-root       fallback"), run.out());
    }

    @Test
    void pluginsAsJson() throws Exception {
        JsonNode json = JSON.readTree(CliRun.of("plugins", "--json", "--backend", "dry-run").out());
        assertEquals("dry-run", json.path("routes").path("memlock").path("backend").asText());
        assertEquals("CONFIGURED", json.path("routes").path("memlock").path("reason").asText());
        assertTrue(json.path("plugins").size() >= 2);
    }

    @Test
    void doctorReportsHooksCgroupsKernelAndBatond(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.of("doctor", "--json", "--socket", dir.resolve("absent.sock").toString());
        assertEquals(0, run.exit(), run.err());
        JsonNode json = JSON.readTree(run.out());
        assertEquals("CAP_SYS_NICE", json.path("hooks").path("scheduler").path("needs").asText());
        assertTrue(json.path("kernel").path("pidfd").asBoolean(), "this machine has pidfd_open");
        assertTrue(json.path("kernel").has("soPeerPidfd"));
        assertTrue(json.path("cgroups").path("cpuset").asText().contains(" at /sys/fs/cgroup"), run.out());
        assertEquals(false, json.path("batond").path("reachable").asBoolean());
        assertTrue(json.path("batond").path("problem").asText().contains("does not exist"), run.out());
        // The capability lists agree with the kernel's own view of this (root) test process, bounding set included.
        Capabilities own = Capabilities.current();
        Capabilities.USED_BY_BATON.forEach((name, number) -> {
            String list = own.has(number) ? "present" : "missing";
            assertTrue(names(json.path("capabilities").path(list)).contains(name), name + " in " + list + ": " + run.out());
            assertEquals(!own.obtainable(number), names(json.path("capabilities").path("notInBoundingSet")).contains(name));
        });
    }

    @Test
    void capabilitiesTellHeldFromObtainable() {
        Capabilities caps = new Capabilities(1L << Capabilities.CAP_SYS_NICE, ~(1L << Capabilities.CAP_SYS_RESOURCE));
        assertTrue(caps.has(Capabilities.CAP_SYS_NICE));
        assertEquals(false, caps.has(Capabilities.CAP_SYS_PTRACE));
        assertTrue(caps.obtainable(Capabilities.CAP_SYS_PTRACE), "missing, but a process could be given it");
        assertEquals(false, caps.obtainable(Capabilities.CAP_SYS_RESOURCE), "outside the bounding set: never");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(name -> names.add(name.asText()));
        return names;
    }

    @Test
    void planPrintsTheLaunchAsJsonAndChangesNothing() throws Exception {
        try (QemuLikeChild vm = QemuLikeChild.start(2)) {
            CliRun run = CliRun.of("plan", "--pid", Integer.toString(vm.pid()), "--memlock", "2G");
            assertEquals(0, run.exit(), run.err());
            JsonNode plan = JSON.readTree(run.out());
            assertEquals(List.of("memlock", "scheduler", "scheduler", "housekeeping", "inspect"),
                    List.of(plan.get(0).path("hook").asText(), plan.get(1).path("hook").asText(),
                            plan.get(2).path("hook").asText(), plan.get(3).path("hook").asText(),
                            plan.get(4).path("hook").asText()));
            assertEquals("2 GiB", plan.get(0).path("planned").path("hard").asText());
            assertEquals(vm.vcpuTids().size(), plan.get(1).path("tids").size());
            assertEquals(SchedPolicy.OTHER, ThreadScheduling.read(vm.tid("CPU 0/KVM")).policy());
        }
    }

    @Test
    void demoWithoutAnInstallationRunsTheScenarioAsADryRunAndStopsBothVms() {
        CliRun run = CliRun.of("demo");
        assertEquals(0, run.exit(), run.err() + run.out());
        assertTrue(run.out().contains("running as a dry-run, because "), run.out());
        assertTrue(run.out().contains("launch     scheduler     dry-run"), run.out());
        assertTrue(run.out().contains("migration  housekeeping  dry-run"), run.out());
        assertEquals(8, run.out().lines().filter(l -> l.matches("^(launch|migration) .*planned$")).count(), run.out());
        long launched = pid(run.out(), "1. stand-in VM pid (\\d+)");
        long destination = pid(run.out(), "a second VM, pid (\\d+),");
        assertTrue(run.out().lines().anyMatch(l -> l.matches("^migration +scheduler +dry-run +pid " + destination
                + ", .*")), run.out());
        assertTrue(run.out().contains("6. cleanup: both stand-in VMs are stopped; nothing else was created"), run.out());
        assertTrue(ProcessHandle.of(launched).isEmpty(), "VM " + launched + " is gone");
        assertTrue(ProcessHandle.of(destination).isEmpty(), "VM " + destination + " is gone");
    }

    private static long pid(String out, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        assertTrue(matcher.find(), regex + " in " + out);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void completionScriptIsGenerated() {
        CliRun run = CliRun.of("generate-completion");
        assertEquals(0, run.exit());
        assertTrue(run.out().contains("complete -F _complete_baton"), run.out().substring(0, 200));
        assertTrue(run.out().contains("housekeeping"));
    }

    @Test
    void sizesAndListsParseTheDocumentedForms() {
        Sizes sizes = new Sizes();
        assertEquals(64L << 20, sizes.convert("64M"));
        assertEquals(1L << 30, sizes.convert("1G"));
        assertEquals(1L << 30, sizes.convert("1GiB"));
        assertEquals(12345L, sizes.convert("12345"));
        assertThrows(picocli.CommandLine.TypeConversionException.class, () -> sizes.convert("lots"));
        assertEquals(List.of(42, 7), new IntList().convert("42,7"));
        assertEquals(List.of(0, 1, 2, 3, 8), new CpuListConverter().convert("0-3,8"));
        CliRun bad = CliRun.of("memlock", "--pid", "1", "--bytes", "lots");
        assertEquals(ExitCode.USAGE, bad.exit());
        assertTrue(bad.err().contains("'lots' is not a size (use bytes, or 64M, 1G, ...)"), bad.err());
    }

    @Test
    void memlockNeedsExactlyOneOfBytesAndUnlimited() {
        CliRun both = CliRun.of("memlock", "--pid", "1", "--bytes", "1M", "--unlimited");
        assertEquals(ExitCode.USAGE, both.exit());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void aBrokenConfigFileIsAStartupError(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("baton.yaml"), "routes:\n  memlok: dry-run\n");
        CliRun run = CliRun.of("plugins", "--config", config.toString());
        assertEquals(ExitCode.STARTUP, run.exit());
        assertEquals("baton: configuration file " + config + " routes unknown hook 'memlok'; hooks are memlock,"
                + " scheduler, housekeeping, inspect\n", run.err());
    }
}
