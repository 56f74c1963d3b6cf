package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** doctor takes --config, --plugins-dir, --backend and --socket as the other commands do. */
final class TestDoctor {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSocketAndTheRoutesComeFromTheConfigFile(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("configured.sock");
        Path config = Files.writeString(dir.resolve("baton.yaml"), "routes:\n  memlock: dry-run\n"
                + "plugins:\n  remote-handler:\n    socket: " + socket + "\n");

        CliRun run = CliRun.of("doctor", "--json", "--config", config.toString());

        assertEquals(0, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertEquals(socket.toString(), report.path("batond").path("socket").asText());
        assertEquals("plugins.remote-handler.socket in " + config, report.path("batond").path("socketFrom").asText());
        assertEquals("dry-run (configured)", report.path("routes").path("memlock").asText());
        assertEquals("local-root (fallback)", report.path("routes").path("inspect").asText());
    }

    @Test
    void socketOverridesTheConfigFile(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("baton.yaml"),
                "plugins:\n  remote-handler:\n    socket: " + dir.resolve("configured.sock") + "\n");

        CliRun run = CliRun.of("doctor", "--config", config.toString(), "--socket", dir.resolve("given.sock").toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("batond at " + dir.resolve("given.sock") + " (--socket): unreachable"), run.out());
    }

    @Test
    void thePluginsDirectoryAndBackendChangeTheRoutesItReports(@TempDir Path dir) throws Exception {
        String plugins = TestRuntimeOptions.testPlugins("remote-handler-only").toString();
        String socket = dir.resolve("absent.sock").toString();

        JsonNode byPriority = JSON.readTree(CliRun.of("doctor", "--json", "--plugins-dir", plugins, "--socket", socket).out());
        assertEquals("remote-handler (priority)", byPriority.path("routes").path("scheduler").asText());

        CliRun forced = CliRun.of("doctor", "--plugins-dir", plugins, "--backend", "dry-run", "--socket", socket);
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(forced.out().contains("routes:\n  memlock       -> dry-run (configured)\n"), forced.out());
    }

    @Test
    void aConfigurationThatCannotStartIsReportedWithTheStartupCode(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("baton.yaml"), "routes:\n  memlock: no-such-plugin\n");

        CliRun run = CliRun.of("doctor", "--json", "--config", config.toString(), "--socket",
                dir.resolve("absent.sock").toString());

        assertEquals(ExitCode.STARTUP, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        assertTrue(report.path("startupProblem").asText().contains("no-such-plugin"), run.out());
        assertTrue(report.path("kernel").path("pidfd").asBoolean(), "the rest of the report is still there");
    }
}
