package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.batond.hostile.Replies.Answer;
import dev.baton.delegation.DelegationInterface;
import dev.baton.linux.testing.Prerequisites;
import dev.baton.linux.testing.StagedClasspath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-controlled text built to break logs and terminals: newlines that would start a forged audit record,
 * quotes and backslashes that would close a JSON string, ANSI escape sequences, C1 controls, a 4 KiB flood. They
 * arrive as parameters of raw calls from the unprivileged launcher, and as the path of an executable the peer
 * chose itself. The audit log stays one printable-ASCII JSON object per line and keeps the exact text; the denial
 * message (the reply, and batond's own log line) shows it escaped and capped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestHostileLogInjection {
    private static final String PATTERN = "[a-z][a-z0-9-]{0,31}";

    private StagedClasspath staged;
    private LauncherWorld world;
    private Unchanged unchanged;
    private int mark;
    private Path exeDir;

    @BeforeAll
    void start() {
        Prerequisites.requireRoot();
        Prerequisites.requireSetpriv();
        Prerequisites.requireCgroupV1Cpuset();
        staged = StagedClasspath.ofTestClassPath();
        world = LauncherWorld.start(staged, LauncherWorld.POLICY);
    }

    @AfterAll
    void stop() {
        if (world != null) {
            world.close();
        }
        if (staged != null) {
            staged.close();
        }
    }

    @BeforeEach
    void snapshot() {
        unchanged = world.watch();
        mark = world.audit.mark();
    }

    @AfterEach
    void nothingChangedAndStillServing() throws Exception {
        try {
            unchanged.assertNothingChanged();
            world.assertServes();
            world.audit.records();
        } finally {
            if (exeDir != null) {
                try (Stream<Path> walk = Files.walk(exeDir)) {
                    for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
                exeDir = null;
            }
        }
    }

    /** Runs {@code action} while capturing what batond logs on this JVM's stderr; returns the denial lines. */
    private static List<String> batondLog(Supplier<Answer> action, Answer[] answer) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            answer[0] = action.get();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("DelegationService")).toList();
    }

    /** What batond's Printable makes of client text in a message: controls, quotes, backslashes escaped; 64 chars. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (i == 64) {
                return out.append("...(").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    private static void assertNoControlCharacters(String text) {
        assertFalse(text.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)),
                "control characters in: " + text);
    }

    static Stream<Arguments> hostileNames() {
        String forged = "{\"time\":\"2030-01-01T00:00:00Z\",\"seq\":1,\"event\":\"allow\",\"rule\":\"launchers\"}";
        return Stream.of(
                Arguments.of("a newline and a forged allow record", "x\n" + forged),
                Arguments.of("CR LF and a forged record", "x\r\n" + forged + "\r\n"),
                Arguments.of("ANSI: clear screen, red, cursor home", "\u001b[2J\u001b[31mALLOWED\u001b[0m\u001b[H"),
                Arguments.of("an OSC title and a bell", "\u001b]0;owned\u0007x"),
                Arguments.of("quotes and backslashes", "a'b\"c\\d\\\"}{"),
                Arguments.of("backspaces and DEL over the reason", "housekeeping\b\b\b\b\u007f\u007fok"),
                Arguments.of("C1 controls: NEL and CSI", "x\u0085y\u009b2J"),
                Arguments.of("a JSON-escaped NUL", "a\u0000b"),
                Arguments.of("4 KiB of newlines", "\n".repeat(4096)));
    }

    @ParameterizedTest(name = "cgroup name with {0}")
    @MethodSource("hostileNames")
    void aHostileCgroupNameIsKeptExactInTheAuditAndEscapedInTheDenial(String what, String name) throws Exception {
        String json = JsonNodeFactory.instance.textNode(name).toString(); // the name as a JSON string, escaped
        String parameters = "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":[" + world.tid("worker")
                + "],\"cgroup\":" + json + "}";
        Answer[] answer = new Answer[1];
        List<String> logged = batondLog(() -> world.raw(DelegationInterface.MOVE_THREADS, parameters), answer);
        String reason = "cgroup name '" + printable(name) + "' does not match namePattern '" + PATTERN
                + "' (rule 'launchers')";
        answer[0].assertNotAuthorized(reason);
        assertNoControlCharacters(reason);
        // batond's own log line is one line, with the same escaped reason
        assertEquals(1, logged.size(), "one denial line in batond's log: " + logged);
        assertTrue(logged.get(0).endsWith("denied " + DelegationInterface.MOVE_THREADS + " for peer pid="
                + world.launcher.pid() + " uid=65534: not authorized: " + reason), logged.get(0));
        assertNoControlCharacters(logged.get(0));
        // the audit gained exactly one line, a JSON object holding the exact name
        List<JsonNode> records = world.audit.since(mark);
        assertEquals(1, records.size(), "exactly one new audit line: " + records);
        assertEquals("deny", records.get(0).path("event").asText());
        assertEquals(name, records.get(0).path("parameters").path("cgroup").asText());
        assertEquals("not authorized: " + reason, records.get(0).path("error").path("message").asText());
    }

    @Test
    void aHostileSchedulingPolicyNameIsEscapedToo() {
        String policy = "fifo\n\u001b[31m'ok'";
        String parameters = "{\"apiVersion\":1,\"pid\":" + world.vmPid() + ",\"tids\":[" + world.tid("CPU 0/KVM")
                + "],\"policy\":" + JsonNodeFactory.instance.textNode(policy) + ",\"priority\":1}";
        world.raw(DelegationInterface.SET_SCHEDULER, parameters)
                .assertNotAuthorized("scheduling policy 'fifo\\u000a\\u001b[31m\\u0027ok\\u0027' is not allowed"
                        + " (rule 'launchers')");
        assertEquals(policy, world.audit.since(mark).get(0).path("parameters").path("policy").asText());
    }

    @Test
    void aHostileParameterNameIsNamedBackExactlyAndAuditedOnOneLine() {
        String key = "evil\n{\"event\":\"allow\"}\u001b[2J";
        String parameters = "{\"apiVersion\":1,\"pid\":" + world.vmPid() + "," + JsonNodeFactory.instance.textNode(key)
                + ":1}";
        world.raw(DelegationInterface.INSPECT_PROCESS, parameters).assertInvalidParameter(key);
        List<JsonNode> records = world.audit.since(mark);
        assertEquals(1, records.size());
        assertEquals("invalid", records.get(0).path("event").asText());
        assertTrue(records.get(0).path("parameters").has(key));
    }

    @Test
    void anExecutablePathThePeerChoseIsKeptExactInTheReplyAndTheAudit() throws Exception {
        // The peer runs a program whose path it chose: a newline, a forged record and an escape sequence in it. That
        // text comes back from InspectProcess (exe) and lands in the audit "result" record.
        exeDir = Files.createTempDirectory("baton-hostile-exe-");
        Files.setPosixFilePermissions(exeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path exe = exeDir.resolve("evil\n{\"event\":\"allow\",\"seq\":1}\u001b[31m");
        Files.copy(Path.of("/bin/sleep"), exe, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (HostilePeerProcess peer = HostilePeerProcess.start(staged, world.batond.socket())) {
            int child = peer.spawnJson("evil", JsonNodeFactory.instance.arrayNode().add(exe.toString()).add("600")
                    .toString());
            String reply = peer.send("call " + Replies.call(DelegationInterface.INSPECT_PROCESS,
                    "{\"apiVersion\":1,\"pid\":" + child + "}"));
            assertTrue(reply.startsWith("REPLY "), reply);
            JsonNode parameters = Replies.JSON.readTree(reply.substring(6)).path("parameters");
            assertEquals(exe.toString(), parameters.path("exe").asText());
            List<JsonNode> records = world.audit.since(mark);
            assertEquals(List.of("allow", "result"), records.stream().map(r -> r.path("event").asText()).toList());
            assertEquals(exe.toString(), records.get(1).path("result").path("exe").asText());
        }
    }
}
