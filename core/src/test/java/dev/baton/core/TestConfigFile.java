package dev.baton.core;

import dev.baton.core.config.BatonConfig;
import dev.baton.core.config.BatonConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

final class TestConfigFile {
    @TempDir
    Path dir;

    @Test
    void readsRoutesStrictPluginsDirAndPluginSettings() throws IOException {
        Path file = Files.writeString(dir.resolve("baton.yaml"), """
                strict: true
                pluginsDir: ../plugins
                routes:
                  memlock: remote-handler
                plugins:
                  remote-handler:
                    socket: /run/baton/batond.sock
                    connectTimeoutMillis: 500
                """);
        BatonConfig config = BatonConfigLoader.load(file);
        assertTrue(config.strict());
        assertEquals(Optional.of(dir.getParent().resolve("plugins")), config.pluginsDir());
        assertEquals(Map.of("memlock", "remote-handler"), config.routes());
        assertEquals(Map.of("socket", "/run/baton/batond.sock", "connectTimeoutMillis", "500"),
                config.plugins().get("remote-handler"));
    }

    @Test
    void anUnknownHookIsRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("baton.yaml"), "routes:\n  memlok: dry-run\n");
        StartupException e = assertThrows(StartupException.class, () -> BatonConfigLoader.load(file));
        assertEquals("configuration file " + file + " routes unknown hook 'memlok'; hooks are memlock, scheduler,"
                + " housekeeping, inspect", e.getMessage());
    }

    @Test
    void anUnknownKeyIsRejectedWithItsLocation() throws IOException {
        Path file = Files.writeString(dir.resolve("baton.yaml"), "strcit: true\n");
        StartupException e = assertThrows(StartupException.class, () -> BatonConfigLoader.load(file));
        assertTrue(e.getMessage().startsWith("configuration file " + file + " is invalid at"), e.getMessage());
        assertTrue(e.getMessage().contains("strcit"), e.getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        Path file = dir.resolve("absent.yaml");
        StartupException e = assertThrows(StartupException.class, () -> BatonConfigLoader.load(file));
        assertEquals("configuration file " + file + " does not exist", e.getMessage());
    }
}
