package dev.baton.plugins.remote;

import dev.baton.spi.BatonPlugin;
import dev.baton.spi.Effect;
import dev.baton.spi.HandlerSet;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.PluginInfo;
import dev.baton.spi.error.UnsupportedApiVersionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

final class TestRemoteHandlerPlugin {
    @TempDir
    Path directory;

    @Test
    void describesItself() {
        PluginInfo info = new RemoteHandlerPlugin().info();

        assertEquals("remote-handler", info.name());
        assertEquals(100, info.priority());
        assertEquals(Effect.APPLIES, info.effect());
        assertEquals(Set.copyOf(Hook.all()), info.hooks());
        assertEquals(Set.of(InternalApi.VERSION), info.apiVersions());
    }

    @Test
    void isFoundByServiceLoader() {
        assertEquals(Set.of(RemoteHandlerPlugin.class), ServiceLoader.load(BatonPlugin.class).stream()
                .map(ServiceLoader.Provider::type).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void startsWithoutADaemonAndConnectsToNothing() {
        Path socket = directory.resolve("batond.sock");
        RemoteHandlerPlugin plugin = new RemoteHandlerPlugin();

        HandlerSet handlers = plugin.start(new TestingPluginContext(
                Map.of(RemoteHandlerSettings.SOCKET, socket.toString()), InternalApi.VERSION));

        assertEquals(Set.copyOf(Hook.all()), handlers.hooks());
        assertFalse(Files.exists(socket));
        plugin.close();
    }

    @Test
    void defaults() {
        RemoteHandlerSettings settings = RemoteHandlerSettings.from(Map.of());

        assertEquals(Path.of("/run/baton/batond.sock"), settings.socket());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(30), settings.callTimeout());
        assertEquals(Duration.ofSeconds(10), settings.retryDeadline());
        assertEquals(8, settings.maxConnections());
    }

    @Test
    void everySettingIsRead() {
        RemoteHandlerSettings settings = RemoteHandlerSettings.from(Map.of("socket", "/run/b.sock",
                "connectTimeoutMillis", "250", "callTimeoutMillis", "5000", "retryDeadlineMillis", "0",
                "maxConnections", "3"));

        assertEquals(new RemoteHandlerSettings(Path.of("/run/b.sock"), Duration.ofMillis(250), Duration.ofSeconds(5),
                Duration.ZERO, 3), settings);
    }

    @Test
    void badValuesNameTheKey() {
        assertBad(Map.of("socket", "batond.sock"), "plugins.remote-handler.socket must be the absolute path of"
                + " batond's socket, e.g. /run/baton/batond.sock, not 'batond.sock'");
        assertBad(Map.of("socket", "/" + "x".repeat(107)), "plugins.remote-handler.socket is longer than the 107"
                + " bytes a Unix socket address holds: '/" + "x".repeat(107) + "'");
        assertBad(Map.of("callTimeoutMillis", "30s"), "plugins.remote-handler.callTimeoutMillis must be a whole"
                + " number of milliseconds, not '30s'");
        assertBad(Map.of("connectTimeoutMillis", "0"), "plugins.remote-handler.connectTimeoutMillis must be at"
                + " least 1, not 0");
        assertBad(Map.of("retryDeadlineMillis", "-1"), "plugins.remote-handler.retryDeadlineMillis must be at"
                + " least 0, not -1");
        assertBad(Map.of("maxConnections", "0"), "plugins.remote-handler.maxConnections must be at least 1, not 0");
        assertBad(Map.of("maxConnections", "many"), "plugins.remote-handler.maxConnections must be a whole number,"
                + " not 'many'");
        assertBad(Map.of("retryDeadlineMilis", "100"), "plugins.remote-handler.retryDeadlineMilis is not a setting"
                + " of remote-handler (known: socket, connectTimeoutMillis, callTimeoutMillis, retryDeadlineMillis,"
                + " maxConnections)");
    }

    @Test
    void aBadValueFailsStart() {
        RemoteHandlerPlugin plugin = new RemoteHandlerPlugin();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plugin.start(
                new TestingPluginContext(Map.of("maxConnections", "0"), InternalApi.VERSION)));

        assertEquals("plugins.remote-handler.maxConnections must be at least 1, not 0", e.getMessage());
    }

    @Test
    void refusesARuntimeVersionItDoesNotImplement() {
        UnsupportedApiVersionException e = assertThrows(UnsupportedApiVersionException.class,
                () -> new RemoteHandlerPlugin().start(new TestingPluginContext(Map.of(), InternalApi.VERSION + 1)));

        assertEquals("unsupported internal API version " + (InternalApi.VERSION + 1) + ": remote-handler implements ["
                + InternalApi.VERSION + "]", e.getMessage());
    }

    private static void assertBad(Map<String, String> config, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RemoteHandlerSettings.from(config));
        assertEquals(message, e.getMessage());
    }
}
