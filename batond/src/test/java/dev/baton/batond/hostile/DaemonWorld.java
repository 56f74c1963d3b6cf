package dev.baton.batond.hostile;

import dev.baton.batond.Batond;
import dev.baton.batond.BatondSettings;
import dev.baton.batond.testing.BatondFixture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A real batond in the test JVM with limits a test can reach quickly (BatondFixture keeps the defaults: 32
 * connections per uid, a 10 s partial-message timeout), and access to batond's internals that only a test in the
 * same JVM has: its audit log object, whose monitor every call takes on its way from authorization to action.
 */
final class DaemonWorld implements AutoCloseable {
    final Path dir;
    final Batond batond;
    final AuditTrail audit;

    private DaemonWorld(Path dir, Batond batond) {
        this.dir = dir;
        this.batond = batond;
        this.audit = new AuditTrail(dir.resolve("audit.jsonl"));
    }

    static DaemonWorld start(String policy, int maxConnectionsPerUid, Duration readTimeout) {
        try {
            Path dir = Files.createTempDirectory("batond-hostile-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path policyFile = Files.writeString(dir.resolve("policy.yaml"), policy);
            BatondSettings settings = new BatondSettings(dir.resolve("batond.sock"), OptionalInt.empty(), policyFile,
                    Optional.of(dir.resolve("audit.jsonl")), "rw-rw-rw-", Optional.empty(), 64, maxConnectionsPerUid,
                    1 << 20, Duration.ofMinutes(2), readTimeout, Duration.ofSeconds(5), Map.of(), Optional.empty(),
                    // Quick calls run on the event loops: enough of them that the concurrency tests' calls, one per
                    // connection, are all in flight at once, as they would be on a node with as many CPUs.
                    8);
            return new DaemonWorld(dir, Batond.start(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path socket() {
        return batond.socket();
    }

    /** batond's AuditLog: every call synchronizes on it to write its "allow" record, after authorizing. */
    Object auditLog() {
        return auditLogOf(batond);
    }

    static Object auditLogOf(Batond batond) {
        try {
            Field audit = Batond.class.getDeclaredField("audit");
            audit.setAccessible(true);
            return audit.get(batond);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("batond's audit log field moved: update the hostile tests", e);
        }
    }

    static Object auditLogOf(BatondFixture fixture) {
        try {
            Field batond = BatondFixture.class.getDeclaredField("batond");
            batond.setAccessible(true);
            return auditLogOf((Batond) batond.get(fixture));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("BatondFixture's batond field moved: update the hostile tests", e);
        }
    }

    @Override
    public void close() {
        try {
            batond.close();
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
