package dev.baton.distribution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkout's ./baton rebuilds the distribution when an input is newer than it. It runs here in a scratch
 * checkout whose "mvn" is a script that only records that it was called, and whose distribution echoes.
 */
final class TestRootScript {
    private static final FileTime SOURCES = FileTime.fromMillis(1_000_000_000_000L);
    private static final FileTime BUILT = FileTime.fromMillis(1_000_000_100_000L);
    private static final FileTime EDITED = FileTime.fromMillis(1_000_000_200_000L);

    @TempDir
    Path checkout;

    private Path mvnLog;

    @BeforeEach
    void scratchCheckout() throws IOException {
        Path script = Path.of(System.getProperty("baton.checkout", ".."), "baton");
        executable(checkout.resolve("baton"), Files.readString(script));
        mvnLog = checkout.resolve("mvn.log");
        executable(checkout.resolve("fakebin/mvn"), "#!/bin/sh\necho \"$@\" >> '" + mvnLog + "'\n");
        Path bin = executable(checkout.resolve("distribution/target/baton-9.9/bin/baton"), "#!/bin/sh\necho ran \"$@\"\n");
        for (String source : List.of("pom.xml", "core/src/main/java/Core.java", "core/src/main/resources/x.properties",
                "distribution/src/main/dist/conf/baton.yaml", "docs/cli.md", "core/target/classes/Generated.java")) {
            write(checkout.resolve(source), source.equals("pom.xml") ? "<project><version>9.9</version></project>\n" : "");
            Files.setLastModifiedTime(checkout.resolve(source), SOURCES);
        }
        Files.setLastModifiedTime(bin, BUILT);
    }

    @Test
    void nothingNewerRunsTheDistributionWithoutBuilding() {
        assertEquals("ran demo\n", runBaton());
        assertTrue(Files.notExists(mvnLog));
    }

    @Test
    void aNewerSourcePomResourceOrDistributionFileRebuilds() throws IOException {
        for (String input : List.of("core/src/main/java/Core.java", "pom.xml", "core/src/main/resources/x.properties",
                "distribution/src/main/dist/conf/baton.yaml")) {
            Files.deleteIfExists(mvnLog);
            Files.setLastModifiedTime(checkout.resolve(input), EDITED);

            assertEquals("ran demo\n", runBaton());

            assertEquals("-B -q -DskipTests install -pl distribution -am\n", Files.readString(mvnLog), input);
            Files.setLastModifiedTime(checkout.resolve(input), SOURCES);
        }
    }

    @Test
    void buildOutputAndOtherFilesDoNotRebuild() throws IOException {
        Files.setLastModifiedTime(checkout.resolve("core/target/classes/Generated.java"), EDITED);
        Files.setLastModifiedTime(checkout.resolve("docs/cli.md"), EDITED);

        assertEquals("ran demo\n", runBaton());

        assertTrue(Files.notExists(mvnLog));
    }

    private String runBaton() {
        Shell shell = Shell.exec(List.of(checkout.resolve("baton").toString(), "demo"),
                Map.of("PATH", checkout.resolve("fakebin") + ":/usr/bin:/bin"));
        assertEquals(0, shell.exit(), shell.err());
        return shell.out();
    }

    private static Path executable(Path file, String content) throws IOException {
        write(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
