package dev.baton.linux.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Copies the jars and class directories an unprivileged child needs into a world-readable temporary directory.
 * /root is mode 700 here, so uid 65534 can read neither ~/.m2 nor a checkout below /root.
 */
public final class StagedClasspath implements AutoCloseable {
    private final Path root;
    private final List<Path> entries;

    private StagedClasspath(Path root, List<Path> entries) {
        this.root = root;
        this.entries = entries;
    }

    /** Stages the code sources (jar or classes directory) of the given classes. */
    public static StagedClasspath of(Class<?>... classes) {
        List<Path> sources = new ArrayList<>();
        for (Class<?> type : classes) {
            try {
                Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!sources.contains(source)) {
                    sources.add(source);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return stage(sources);
    }

    /**
     * Stages this test run's whole class path: Surefire publishes it as surefire.test.class.path (its own
     * java.class.path is a manifest-only booter jar pointing into ~/.m2).
     */
    public static StagedClasspath ofTestClassPath() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> sources = new ArrayList<>();
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                sources.add(Path.of(entry));
            }
        }
        return stage(sources);
    }

    private static StagedClasspath stage(List<Path> sources) {
        try {
            Path root = Files.createTempDirectory("baton-stage-");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Path> entries = new ArrayList<>();
            int index = 0;
            for (Path source : sources) {
                Path target = root.resolve(index++ + "-" + source.getFileName());
                copy(source, target);
                entries.add(target);
            }
            Path tmp = Files.createDirectory(root.resolve("tmp"));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
            return new StagedClasspath(root, List.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String classpath() {
        return entries.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    /** A world-writable scratch directory, for JNA's native library extraction (jna.tmpdir). */
    public Path tmpDir() {
        return root.resolve("tmp");
    }

    public Path root() {
        return root;
    }

    private static void copy(Path source, Path target) throws IOException {
        if (Files.isDirectory(source)) {
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path from : (Iterable<Path>) walk::iterator) {
                    Path to = target.resolve(source.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
                    } else {
                        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
                    }
                }
            }
        } else {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
