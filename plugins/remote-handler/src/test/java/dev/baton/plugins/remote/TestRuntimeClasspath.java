package dev.baton.plugins.remote;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin as a host runs it: in its own process, on its runtime class path (what its lib/ holds) plus the SPI
 * the host provides, and nothing from this test's class path.
 */
final class TestRuntimeClasspath {
    private static final List<String> UNPRIVILEGED = List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
            "--clear-groups", "--inh-caps=-all");

    @TempDir
    Path directory;

    @Test
    void libHoldsTheClientSideOfVarlinkAndNoMore() {
        List<String> artifacts = runtimeClasspath().stream()
                .map(jar -> jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", ""))
                .sorted().toList();

        // No Netty, no JNA (the varlink server's), no SPI and no slf4j-api (the host's, parent-first).
        assertEquals(List.of("baton-delegation", "baton-varlink", "jackson-annotations", "jackson-core",
                "jackson-databind"), artifacts);
    }

    @Test
    void aProcessOnThePluginsClassPathTalksToBatondWithoutLoadingNettyOrJna() throws Exception {
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket)) {
            List<String> output = runProbe(List.of(), probeClasspath(), List.of("-verbose:class"), socket);

            assertTrue(output.contains("RESULT " + TestingDelegationService.inspectResult(4242)), output::toString);
            List<String> loaded = output.stream().filter(line -> line.contains("[class,load] "))
                    .map(line -> line.substring(line.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0])
                    .toList();
            assertTrue(loaded.contains("dev.baton.varlink.VarlinkClient"), "the probe did use the varlink client");
            assertEquals(List.of(), loaded.stream().filter(name -> name.startsWith("io.netty.")
                    || name.startsWith("com.sun.jna.") || name.startsWith("org.slf4j.")).toList());
            assertEquals(List.of("Negotiate", "InspectProcess"), batond.service.methods());
        }
    }

    @Test
    void anUnprivilegedProcessIsToldItMayNotConnect() throws Exception {
        TestingPrerequisites.requireRootAndSetpriv();
        // /root is mode 700 here: uid 65534 can read neither ~/.m2 nor the checkout, so stage what it runs.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Path> staged = stage(probeClasspath(), Files.createDirectory(directory.resolve("stage")));
        Path socket = directory.resolve("batond.sock");
        try (TestingBatond batond = TestingBatond.start(socket, new TestingDelegationService(),
                builder -> builder.socketMode("rw-------"))) {
            List<String> output = runProbe(UNPRIVILEGED, staged, List.of("-XX:-UsePerfData"), socket);

            // Not retried: waiting does not change a socket's mode.
            assertEquals(List.of("FAILED HandlerFailed: cannot connect to batond at " + socket + ": permission"
                    + " denied; this process needs write permission on the socket file"), outcome(output));
            assertEquals(List.of(), batond.service.methods());
        }
    }

    private List<String> runProbe(List<String> prefix, List<Path> classpath, List<String> jvmOptions, Path socket)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath.stream().map(Path::toString).toList()),
                TestingProbe.class.getName(), socket.toString(), "2000", "4242"));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe did not exit");
            assertEquals(0, process.exitValue(), output);
            return output.lines().toList();
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> outcome(List<String> output) {
        return output.stream().filter(line -> line.startsWith("RESULT ") || line.startsWith("FAILED ")).toList();
    }

    /** The plugin's classes, its runtime dependencies, the SPI, and the probe (from the test classes). */
    private static List<Path> probeClasspath() {
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of(System.getProperty("remoteHandler.classesDirectory")));
        entries.add(Path.of(System.getProperty("remoteHandler.testClassesDirectory")));
        entries.addAll(runtimeClasspath());
        entries.addAll(readClasspath("remoteHandler.spiClasspathFile"));
        return entries;
    }

    /** Written by maven-dependency-plugin with includeScope=runtime: exactly what the plugin ships in lib/. */
    private static List<Path> runtimeClasspath() {
        return readClasspath("remoteHandler.runtimeClasspathFile");
    }

    private static List<Path> readClasspath(String property) {
        String file = System.getProperty(property);
        if (file == null) {
            throw new IllegalStateException(property + " is not set; run this test through Maven (see pom.xml)");
        }
        try {
            return Arrays.stream(Files.readString(Path.of(file)).trim().split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies jars and class directories into {@code target}, world-readable. */
    private static List<Path> stage(List<Path> entries, Path target) throws IOException {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<Path> staged = new ArrayList<>();
        int index = 0;
        for (Path source : entries) {
            Path copy = target.resolve(index++ + "-" + source.getFileName());
            try (Stream<Path> tree = Files.walk(source)) {
                for (Path path : tree.toList()) {
                    Path to = copy.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(to);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(path, to, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
            staged.add(copy);
        }
        return staged;
    }
}
