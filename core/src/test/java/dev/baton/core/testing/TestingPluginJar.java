package dev.baton.core.testing;

import dev.baton.spi.BatonPlugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Writes a real plugin jar at test time: Java sources compiled with javac against the SPI, a PF4J
 * plugin.properties, and a META-INF/services entry. Test plugins go through the same PF4J path as real ones.
 */
public final class TestingPluginJar {
    private final String id;
    private String apiVersions = "1";
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();
    private boolean bundleSpi;
    private boolean descriptor = true;

    private TestingPluginJar(String id) {
        this.id = id;
    }

    public static TestingPluginJar named(String id) {
        return new TestingPluginJar(id);
    }

    /** The plugin.apiVersions value written into plugin.properties. */
    public TestingPluginJar apiVersions(String versions) {
        this.apiVersions = versions;
        return this;
    }

    public TestingPluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** Lists {@code className} in META-INF/services/dev.baton.spi.BatonPlugin. */
    public TestingPluginJar service(String className) {
        services.add(className);
        return this;
    }

    /** Copies the SPI's classes into the jar, as a careless plugin build would. */
    public TestingPluginJar bundlingSpi() {
        this.bundleSpi = true;
        return this;
    }

    public TestingPluginJar withoutDescriptor() {
        this.descriptor = false;
        return this;
    }

    /** Compiles and writes {@code <dir>/<fileName>}. */
    public Path writeTo(Path dir, String fileName) {
        try {
            Path classes = Files.createTempDirectory("baton-test-plugin-classes-");
            compile(classes);
            Path jar = dir.resolve(fileName);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                if (descriptor) {
                    put(out, "plugin.properties", ("plugin.id=" + id + "\nplugin.version=1.0-test\n"
                            + "plugin.apiVersions=" + apiVersions + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (!services.isEmpty()) {
                    put(out, "META-INF/services/" + BatonPlugin.class.getName(),
                            String.join("\n", services).concat("\n").getBytes(StandardCharsets.UTF_8));
                }
                addTree(out, classes);
                if (bundleSpi) {
                    addTree(out, spiLocation());
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        Path src = Files.createTempDirectory("baton-test-plugin-src-");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", spiLocation().toString(),
                "--release", "17", "-proc:none"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, OutputStream.nullOutputStream(), errors, args.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("test plugin '" + id + "' does not compile:\n" + errors);
        }
    }

    /** The SPI's classes directory (or jar) as seen by this test run. */
    private static Path spiLocation() {
        try {
            return Path.of(BatonPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void addTree(JarOutputStream out, Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(root.toFile())) {
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        put(out, entry.getName(), jar.getInputStream(entry).readAllBytes());
                    }
                }
            }
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                put(out, root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
