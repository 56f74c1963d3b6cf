package dev.baton.varlink;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code varlink-go-certification}, the certification client and server of varlink's Go implementation
 * (Debian package {@code varlink-go}). Without it the interop tests skip locally but fail in CI, so a CI machine
 * that lost the package cannot pass silently.
 */
final class GoCertification {

    static final String BINARY = "varlink-go-certification";
    static final String MISSING = " is not installed: install the Debian package varlink-go "
            + "(apt-get install -y varlink-go) to run the varlink interoperability tests";

    private GoCertification() {
    }

    static Path require() {
        return require(BINARY);
    }

    static Path require(String binary) {
        Optional<Path> found = find(binary);
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(binary + MISSING);
            }
            Assumptions.assumeTrue(false, binary + MISSING);
        }
        return found.get();
    }

    private static Optional<Path> find(String binary) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, binary);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
