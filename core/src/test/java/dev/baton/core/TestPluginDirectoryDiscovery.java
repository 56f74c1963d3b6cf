package dev.baton.core;

import dev.baton.core.discovery.PluginState;
import dev.baton.core.discovery.PluginStatus;
import dev.baton.core.testing.TestingPluginJar;
import dev.baton.core.testing.TestingPlugins;
import dev.baton.spi.Hook;
import dev.baton.spi.InternalApi;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.InspectRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real plugin jars, compiled at test time, loaded through the PF4J plugins-directory path. */
final class TestPluginDirectoryDiscovery {
    @TempDir
    Path plugins;

    private Baton start() {
        return Baton.builder().acceptUnstableApi(InternalApi.VERSION).scanClassPath(false).pluginsDirectory(plugins)
                .build();
    }

    private static PluginStatus status(Baton baton, String name) {
        return baton.plugins().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aWellFormedPluginClaimingSomeHooksIsStartedAndCalledWithItsOwnContextLoader() {
        Path jar = TestingPlugins.writePlugin(plugins, "partial", 5, "SCHEDULER, INSPECT");
        try (Baton baton = start()) {
            PluginStatus partial = status(baton, "partial");
            assertEquals(PluginState.STARTED, partial.state());
            assertEquals(List.of("scheduler", "inspect"), partial.hooks());
            assertEquals(jar.toString(), partial.location());
            assertEquals("[1]", partial.apiVersionList());
            // The handler throws if the context class loader is not its own: reaching its message proves the swap.
            OperationFailedException e = assertThrows(OperationFailedException.class,
                    () -> baton.inspect(new InspectRequest(4242)));
            assertEquals("partial handled inspect for pid 4242", e.getMessage());
            assertEquals("partial", baton.routes().get(Hook.INSPECT).backendName());
        }
    }

    @Test
    void anIncompatiblePluginIsListedButNeverInstantiated() {
        // Its constructor throws: if core instantiated it, it would be BROKEN, not INCOMPATIBLE.
        TestingPluginJar.named("future")
                .apiVersions("99")
                .source("test.future.TestPlugin", TestingPlugins.simplePlugin("test.future", "future", "99", 1,
                        "MEMLOCK", "APPLIES", "if (true) throw new IllegalStateException(\"must not run\");"))
                .service("test.future.TestPlugin")
                .writeTo(plugins, "future.jar");
        try (Baton baton = start()) {
            PluginStatus future = status(baton, "future");
            assertEquals(PluginState.INCOMPATIBLE, future.state());
            assertEquals("implements internal API [99], but this runtime uses version 1", future.problem());
        }
    }

    @Test
    void routingAHookToAnIncompatiblePluginIsAStartupErrorNamingPluginJarAndVersions() {
        Path jar = TestingPluginJar.named("future").apiVersions("2,3")
                .source("test.future.TestPlugin", TestingPlugins.simplePlugin("test.future", "future", "2, 3", 1,
                        "MEMLOCK", "APPLIES", ""))
                .service("test.future.TestPlugin")
                .writeTo(plugins, "future.jar");
        StartupException e = assertThrows(StartupException.class, () -> Baton.builder()
                .acceptUnstableApi(InternalApi.VERSION).scanClassPath(false).pluginsDirectory(plugins)
                .route(Hook.MEMLOCK, "future").build());
        assertEquals("route memlock -> 'future': plugin 'future' (" + jar + ") implements internal API [2, 3], but the"
                + " application accepted version 1 (core implements [1])", e.getMessage());
    }

    @Test
    void twoPluginsWithTheSameNameFailStartupNamingBothJars() {
        Path first = TestingPlugins.writePlugin(plugins, "twin", 1, "MEMLOCK");
        Path second = TestingPluginJar.named("twin")
                .source("test.twin2.TestPlugin", TestingPlugins.simplePlugin("test.twin2", "twin", "1", 1, "MEMLOCK",
                        "APPLIES", ""))
                .service("test.twin2.TestPlugin")
                .writeTo(plugins, "twin-copy.jar");
        StartupException e = assertThrows(StartupException.class, this::start);
        // Paths are scanned in sorted order, so "twin-copy.jar" comes before "twin.jar".
        assertEquals("two plugins are named 'twin': " + second + " and " + first + "; remove one of them",
                e.getMessage());
    }

    @Test
    void aPluginWhoseConstructorThrowsIsReportedAndSkipped() {
        TestingPluginJar.named("grumpy")
                .source("test.grumpy.TestPlugin", TestingPlugins.simplePlugin("test.grumpy", "grumpy", "1", 1,
                        "MEMLOCK", "APPLIES", "if (true) throw new IllegalStateException(\"no config here\");"))
                .service("test.grumpy.TestPlugin")
                .writeTo(plugins, "grumpy.jar");
        TestingPlugins.writePlugin(plugins, "healthy", 1, "INSPECT");
        try (Baton baton = start()) {
            PluginStatus grumpy = status(baton, "grumpy");
            assertEquals(PluginState.BROKEN, grumpy.state());
            assertEquals("dev.baton.spi.BatonPlugin: Provider test.grumpy.TestPlugin could not be instantiated: "
                    + "IllegalStateException: no config here", grumpy.problem());
            assertEquals(PluginState.STARTED, status(baton, "healthy").state());
        }
    }

    @Test
    void aPluginNamingAMissingClassIsReportedAndSkipped() {
        TestingPluginJar.named("hollow").service("test.hollow.Missing").writeTo(plugins, "hollow.jar");
        try (Baton baton = start()) {
            PluginStatus hollow = status(baton, "hollow");
            assertEquals(PluginState.BROKEN, hollow.state());
            assertEquals("dev.baton.spi.BatonPlugin: Provider test.hollow.Missing not found", hollow.problem());
        }
    }

    @Test
    void aPluginThatBundlesItsOwnSpiStillUsesTheHostsSpi() {
        TestingPluginJar.named("bundler")
                .source("test.bundler.TestPlugin", TestingPlugins.simplePlugin("test.bundler", "bundler", "1", 1,
                        "INSPECT", "APPLIES", ""))
                .service("test.bundler.TestPlugin")
                .bundlingSpi()
                .writeTo(plugins, "bundler.jar");
        try (Baton baton = start()) {
            assertEquals(PluginState.STARTED, status(baton, "bundler").state());
            // Reaching the handler proves the plugin's BatonPlugin/Hook types are the host's: with its own copy
            // loaded, discovery would have failed with "not a subtype" and the call would not be routed.
            OperationFailedException e = assertThrows(OperationFailedException.class,
                    () -> baton.inspect(new InspectRequest(7)));
            assertTrue(e.getMessage().startsWith("bundler handled inspect"), e.getMessage());
        }
    }

    @Test
    void aPluginZipDroppedIntoTheDirectoryIsUnpackedAndLoaded(@TempDir Path scratch) throws Exception {
        // The layout the plugins' assembly produces: plugin.properties and lib/*.jar at the top of the zip.
        Path jar = TestingPlugins.writePlugin(scratch, "zipped", 1, "INSPECT");
        Path zip = plugins.resolve("zipped-plugin.zip");
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("plugin.properties"));
            out.write("plugin.id=zipped\nplugin.version=1.0-test\nplugin.apiVersions=1\n".getBytes());
            out.closeEntry();
            out.putNextEntry(new java.util.zip.ZipEntry("lib/zipped.jar"));
            out.write(java.nio.file.Files.readAllBytes(jar));
            out.closeEntry();
        }
        try (Baton baton = start()) {
            PluginStatus zipped = status(baton, "zipped");
            assertEquals(PluginState.STARTED, zipped.state(), String.valueOf(zipped.problem()));
            assertEquals(plugins.resolve("zipped-plugin").toString(), zipped.location());
        }
    }

    @Test
    void aDescriptorWithoutApiVersionsIsBroken() {
        TestingPluginJar.named("vague").apiVersions("")
                .source("test.vague.TestPlugin", TestingPlugins.simplePlugin("test.vague", "vague", "1", 1, "INSPECT",
                        "APPLIES", ""))
                .service("test.vague.TestPlugin")
                .writeTo(plugins, "vague.jar");
        try (Baton baton = start()) {
            PluginStatus vague = status(baton, "vague.jar");
            assertEquals(PluginState.BROKEN, vague.state());
            assertEquals("invalid descriptor: plugin.properties of 'vague' has no plugin.apiVersions (the internal API"
                    + " versions it implements, e.g. plugin.apiVersions=1)", vague.problem());
        }
    }
}
