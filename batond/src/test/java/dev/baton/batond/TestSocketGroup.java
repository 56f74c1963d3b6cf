package dev.baton.batond;

import dev.baton.linux.testing.Prerequisites;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --socket-group}: who may connect at all. Uses the existing group nogroup (gid 65534); creates none. */
final class TestSocketGroup {
    private static final String UNKNOWN = "baton-no-such-group";
    private Path dir;
    private Path policy;

    @BeforeEach
    void createDirectory() throws IOException {
        Prerequisites.requireRoot();
        dir = Files.createTempDirectory("batond-group-");
        policy = Files.writeString(dir.resolve("policy.yaml"), TestDaemonProtocol.ROOT_POLICY);
    }

    @AfterEach
    void removeDirectory() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private BatondSettings settings(String group) {
        return BatondSettings.defaults(dir.resolve("batond.sock"), policy).withAudit(dir.resolve("audit.jsonl"))
                .withSocketGroup(group);
    }

    @Test
    void theSocketBelongsToTheGroup() throws Exception {
        Prerequisites.require(Files.readAllLines(Path.of("/etc/group")).stream().anyMatch(l -> l.startsWith("nogroup:")),
                "group nogroup in /etc/group");
        try (Batond batond = Batond.start(settings("nogroup"))) {
            assertEquals(65534, Files.getAttribute(batond.socket(), "unix:gid"));
            assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(batond.socket())));
        }
    }

    /** Refused before anything is opened: no socket is left that accepts and is never served. */
    @Test
    void anUnknownGroupIsAClearErrorAndLeavesNothingBehind() throws Exception {
        SettingsException e = assertThrows(SettingsException.class, () -> Batond.start(settings(UNKNOWN)));
        assertEquals("--socket-group '" + UNKNOWN + "' is not a group on this host (see /etc/group); create it with"
                + " 'groupadd --system " + UNKNOWN + "' or name an existing one", e.getMessage());
        assertFalse(Files.exists(dir.resolve("batond.sock")), "a socket was left behind");
        // The same path can be served right away: nothing of the failed start holds it.
        try (Batond batond = Batond.start(settings("root"))) {
            assertEquals(0, Files.getAttribute(batond.socket(), "unix:gid"));
        }
    }

    @Test
    void theCommandLineExitsWithTheMessage() {
        CommandLineRun run = runBatond("--socket-group", UNKNOWN);
        assertEquals(2, run.exit());
        assertEquals("batond: --socket-group '" + UNKNOWN + "' is not a group on this host (see /etc/group); create it"
                + " with 'groupadd --system " + UNKNOWN + "' or name an existing one" + System.lineSeparator(),
                run.stderr());
    }

    @Test
    void ioThreadsBelowOneAreRefusedByName() {
        CommandLineRun run = runBatond("--io-threads", "0");
        assertEquals(2, run.exit());
        assertEquals("batond: --io-threads must be at least 1 (got 0)" + System.lineSeparator(), run.stderr());
        assertFalse(Files.exists(dir.resolve("batond.sock")), "nothing was started");
    }

    private record CommandLineRun(int exit, String stderr) {
    }

    /** batond's own command line in this JVM, with this test's socket, policy and audit file; stderr captured. */
    private CommandLineRun runBatond(String... options) {
        List<String> args = new ArrayList<>(List.of("--socket", dir.resolve("batond.sock").toString(),
                "--policy", policy.toString(), "--audit", dir.resolve("audit.jsonl").toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new BatondMain()).execute(args.toArray(String[]::new));
            return new CommandLineRun(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
