package dev.baton.samples.inhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A plugins directory holding this module's plugin as a real jar. Surefire runs before the package phase, so the
 * jar is written here from target/classes (the build passes its path as baton.pluginClasses): the same classes,
 * plugin.properties and META-INF/services that the packaged jar holds.
 */
final class TestingPluginsDirectory {
    static final String VERSION = "0-test";
    private static final List<String> REQUIRED = List.of("plugin.properties",
            "META-INF/services/dev.baton.spi.BatonPlugin", "dev/baton/samples/inhouse/InHousePlugin.class");

    private TestingPluginsDirectory() {}

    static Path withInHouseJar(Path parent) {
        String classes = System.getProperty("baton.pluginClasses");
        if (classes == null) {
            throw new IllegalStateException("baton.pluginClasses is not set: run the tests through Maven");
        }
        for (String entry : REQUIRED) {
            if (!Files.isRegularFile(Path.of(classes, entry))) {
                throw new IllegalStateException(classes + " lacks " + entry + ": the build did not produce a plugin");
            }
        }
        try {
            Path plugins = Files.createDirectories(parent.resolve("plugins"));
            writeJar(Path.of(classes), plugins.resolve("in-house.jar"));
            return plugins;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, VERSION);
        try (OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
        }
    }
}
