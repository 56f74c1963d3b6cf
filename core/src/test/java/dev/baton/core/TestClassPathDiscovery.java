package dev.baton.core;

import dev.baton.core.discovery.PluginState;
import dev.baton.core.testing.TestingPlugins;
import dev.baton.spi.InternalApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ServiceLoader discovery on an application class path, as an embedding launcher has it. */
final class TestClassPathDiscovery {
    @TempDir
    Path dir;

    @Test
    void findsAProviderOnTheClassPath() throws Exception {
        Path jar = TestingPlugins.writePlugin(dir, "embedded", 3, "INSPECT");
        try (URLClassLoader app = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Baton.class.getClassLoader());
             Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).classPath(app).build()) {
            assertEquals(1, baton.plugins().size());
            assertEquals("embedded", baton.plugins().get(0).name());
            assertEquals(PluginState.STARTED, baton.plugins().get(0).state());
            assertEquals(jar.toString(), baton.plugins().get(0).location());
        }
    }

    @Test
    void dropsProvidersDefinedByAnotherLoader() throws Exception {
        // The child loader sees the parent's service file through resource delegation, but the provider class is
        // defined by the parent: scanning the child must not discover it a second time.
        Path jar = TestingPlugins.writePlugin(dir, "parental", 3, "INSPECT");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        try (URLClassLoader parent = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Baton.class.getClassLoader());
             URLClassLoader child = new URLClassLoader(new URL[] {empty.toUri().toURL()}, parent)) {
            assertTrue(child.getResources("META-INF/services/dev.baton.spi.BatonPlugin").hasMoreElements());
            try (Baton baton = Baton.builder().acceptUnstableApi(InternalApi.VERSION).classPath(child).build()) {
                assertEquals(0, baton.plugins().size());
            }
        }
    }
}
