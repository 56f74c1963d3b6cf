package dev.baton.samples.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A fresh plugins directory for one test, holding the real dry-run plugin as the distribution lays it out
 * (plugins/dry-run/plugin.properties and lib/*.jar). The build unpacks the plugin's zip into target/test-plugins
 * and passes that path as baton.testPlugins; each test copies it, so no test sees another's directory.
 */
final class TestingPluginsDirectory {
    private TestingPluginsDirectory() {}

    static Path withDryRun(Path parent) {
        String unpacked = System.getProperty("baton.testPlugins");
        if (unpacked == null) {
            throw new IllegalStateException("baton.testPlugins is not set: run the tests through Maven");
        }
        Path source = Path.of(unpacked, "dry-run");
        if (!Files.isRegularFile(source.resolve("plugin.properties"))) {
            throw new IllegalStateException(source + " holds no unpacked dry-run plugin: the generate-test-resources"
                    + " phase did not run");
        }
        Path plugins = parent.resolve("plugins");
        copy(source, plugins.resolve("dry-run"));
        return plugins;
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
