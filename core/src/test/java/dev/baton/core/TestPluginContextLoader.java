package dev.baton.core;

import dev.baton.core.discovery.PluginState;
import dev.baton.core.testing.RecordingPlugin;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.InspectRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every call core makes into plugin code (constructor, info, start, handlers, plan) runs with the plugin's own
 * loader as thread context class loader, and a provider that another loader defined is never instantiated.
 * The plugins are real jars that record what they saw.
 */
final class TestPluginContextLoader {
    private static final List<String> CALLS = List.of("constructor", "info", "start", "handler", "plan");

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        List.of("recorder", "embedded-recorder", "foreign").forEach(RecordingPlugin::forget);
    }

    @Test
    void aDirectoryPluginSeesItsOwnLoaderInEveryCall() throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        RecordingPlugin.write(plugins, "recorder");
        try (Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false)
                .pluginsDirectory(plugins).route(dev.baton.spi.Hook.INSPECT, "recorder").build()) {
            assertThrows(OperationFailedException.class, () -> baton.inspect(new InspectRequest(4242)));
            assertEquals(List.of(), baton.plan());
        }
        for (String call : CALLS) {
            assertEquals("own loader plugin-recorder", RecordingPlugin.recorded("recorder", call), call);
        }
    }

    @Test
    void aClassPathPluginSeesTheScannedLoaderInEveryCall() throws Exception {
        Path jar = RecordingPlugin.write(dir, "embedded-recorder");
        try (URLClassLoader app = new URLClassLoader("launcher-classpath", new URL[] {jar.toUri().toURL()},
                Baton.class.getClassLoader());
             Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).classPath(app)
                     .route(dev.baton.spi.Hook.INSPECT, "embedded-recorder").build()) {
            assertThrows(OperationFailedException.class, () -> baton.inspect(new InspectRequest(4242)));
            assertEquals(List.of(), baton.plan());
        }
        for (String call : CALLS) {
            assertEquals("own loader launcher-classpath", RecordingPlugin.recorded("embedded-recorder", call), call);
        }
    }

    @Test
    void aProviderDefinedByAParentLoaderIsNeverConstructed() throws Exception {
        // The child sees the parent's service file through resource delegation; the class is the parent's.
        Path foreign = RecordingPlugin.write(Files.createDirectory(dir.resolve("parent")), "foreign");
        Path own = RecordingPlugin.write(Files.createDirectory(dir.resolve("child")), "embedded-recorder");
        try (URLClassLoader parent = new URLClassLoader("parent", new URL[] {foreign.toUri().toURL()},
                Baton.class.getClassLoader());
             URLClassLoader child = new URLClassLoader("child", new URL[] {own.toUri().toURL()}, parent);
             Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).classPath(child).build()) {
            assertEquals(List.of("embedded-recorder"), baton.plugins().stream().map(p -> p.name()).toList());
            assertEquals(PluginState.STARTED, baton.plugins().get(0).state());
        }
        assertNull(RecordingPlugin.recorded("foreign", "constructor"), "the parent's provider must not be constructed");
        assertEquals("own loader child", RecordingPlugin.recorded("embedded-recorder", "constructor"));
    }
}
