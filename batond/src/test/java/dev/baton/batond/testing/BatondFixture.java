package dev.baton.batond.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.batond.Batond;
import dev.baton.batond.BatondSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real batond in the test JVM (which runs as root, as batond does), on a socket in a fresh world-traversable
 * directory, with a policy written from text and an audit log the test can read.
 */
public final class BatondFixture implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Batond batond;

    private BatondFixture(Path dir, Batond batond) {
        this.dir = dir;
        this.batond = batond;
    }

    public static BatondFixture start(String policyYaml) {
        return start(policyYaml, Map.of());
    }

    public static BatondFixture start(String policyYaml, Map<String, String> localRoot) {
        return start(policyYaml, localRoot, null);
    }

    /** With the audit log at {@code audit} (e.g. /dev/full, a disk that is always full); null for the default. */
    public static BatondFixture start(String policyYaml, Map<String, String> localRoot, Path audit) {
        try {
            Path dir = Files.createTempDirectory("batond-test-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path policy = Files.writeString(dir.resolve("policy.yaml"), policyYaml);
            BatondSettings settings = BatondSettings.defaults(dir.resolve("batond.sock"), policy)
                    .withAudit(audit != null ? audit : dir.resolve("audit.jsonl")).withSocketMode("rw-rw-rw-")
                    .withLocalRoot(localRoot);
            return new BatondFixture(dir, Batond.start(settings));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return batond.socket();
    }

    public Path auditFile() {
        return dir.resolve("audit.jsonl");
    }

    /** Every audit record so far; each line must be one JSON object. */
    public List<JsonNode> audit() {
        try {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(auditFile())) {
                JsonNode record = JSON.readTree(line);
                if (!record.isObject()) {
                    throw new IllegalStateException("audit line is not a JSON object: " + line);
                }
                records.add(record);
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last audit record whose event is {@code event}. */
    public JsonNode lastAudit(String event) {
        List<JsonNode> records = audit();
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).path("event").asText().equals(event)) {
                return records.get(i);
            }
        }
        throw new IllegalStateException("no audit record with event " + event + " in " + records);
    }

    @Override
    public void close() {
        batond.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
