package dev.baton.batond.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * batond's audit log read byte by byte, stricter than {@code BatondFixture.audit()}: every line must be ASCII
 * without C0 controls (the log escapes them and non-ASCII, so no line break or escape sequence a peer sent can reach
 * the file or a terminal), the file
 * must end with a newline, and every line must be one JSON object with an event and a sequence number.
 */
final class AuditTrail {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AuditTrail(Path file) {
        this.file = file;
    }

    /** The number of records so far: pass it to {@link #since(int)}. */
    int mark() {
        return records().size();
    }

    /** The records written after {@code mark}, after checking the whole file. */
    List<JsonNode> since(int mark) {
        List<JsonNode> all = records();
        return all.subList(mark, all.size());
    }

    /** Every record; fails unless the whole log is well formed. */
    List<JsonNode> records() {
        byte[] bytes;
        try {
            bytes = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> records = new ArrayList<>();
        if (bytes.length == 0) {
            return records;
        }
        assertEquals('\n', bytes[bytes.length - 1], "the audit log does not end with a newline");
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.US_ASCII);
                try {
                    JsonNode record = JSON.readTree(line);
                    assertTrue(record != null && record.isObject(), "audit line is not a JSON object: " + line);
                    assertTrue(record.path("event").isTextual() && record.path("seq").isIntegralNumber(),
                            "audit line lacks event or seq: " + line);
                    records.add(record);
                } catch (IOException e) {
                    fail("audit line " + (records.size() + 1) + " is not JSON: " + line, e);
                }
                start = i + 1;
            } else if (b < 0x20 || (b & 0xff) >= 0x7f) {
                fail("audit log byte " + i + " is 0x" + Integer.toHexString(b & 0xff) + ", not printable ASCII");
            }
        }
        return records;
    }
}
