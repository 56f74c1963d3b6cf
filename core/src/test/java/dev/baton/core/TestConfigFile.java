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
        assertTrue(e.getMessage().startsWith("configuration file " + file + " is invalid at 'strcit': Unrecognized"
                + " field \"strcit\""), e.getMessage());
        assertTrue(!e.getMessage().contains("RawConfig"), "no internal class names: " + e.getMessage());
    }

    @Test
    void anEmptyFileIsAnEmptyConfiguration() throws IOException {
        Path file = Files.writeString(dir.resolve("baton.yaml"), "# nothing configured yet\n");
        assertEquals(BatonConfig.EMPTY, BatonConfigLoader.load(file));
    }

    @Test
    void aRouteWithoutAPluginAndNestedPluginSettingsAreRejected() throws IOException {
        Path empty = Files.writeString(dir.resolve("a.yaml"), "routes:\n  memlock:\nplugins:\n");
        assertEquals("configuration file " + empty + " routes hook 'memlock' to no plugin; name one, or remove the"
                + " line", assertThrows(StartupException.class, () -> BatonConfigLoader.load(empty)).getMessage());
        Path nested = Files.writeString(dir.resolve("b.yaml"), "plugins:\n  x:\n    a: {b: 1}\n");
        assertEquals("configuration file " + nested + ": plugins.x.a must be a single value (plugins receive their"
                + " settings as strings)", assertThrows(StartupException.class, () -> BatonConfigLoader.load(nested))
                .getMessage());
    }

    @Test
    void aMissingFileSaysSo() {
        Path file = dir.resolve("absent.yaml");
        StartupException e = assertThrows(StartupException.class, () -> BatonConfigLoader.load(file));
        assertEquals("configuration file " + file + " does not exist", e.getMessage());
    }
}
