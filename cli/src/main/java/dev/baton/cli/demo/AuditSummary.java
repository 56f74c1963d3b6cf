package dev.baton.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * One audit record as a short line: a raw record holds the whole request and result, hundreds of characters that
 * hide the decision. The demo prints these, and one record in full to show the format.
 */
final class AuditSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditSummary() {}

    static String of(String line) {
        JsonNode record;
        try {
            record = JSON.readTree(line);
        } catch (IOException e) {
            return line;
        }
        JsonNode peer = record.path("peer");
        String outcome = switch (record.path("event").asText()) {
            case "allow" -> "allowed by rule " + record.path("rule").asText();
            case "result" -> (record.has("error") ? "failed: " + record.path("error").path("kind").asText()
                    : "done") + " in " + record.path("durationMicros").asLong() / 1000 + " ms";
            default -> record.path("reason").asText(record.path("event").asText());
        };
        return String.format("#%-3d %-7s %-13s uid %d (pid %d) -> pid %d: %s", record.path("seq").asInt(),
                record.path("event").asText(), record.path("hook").asText(), peer.path("uid").asInt(),
                peer.path("pid").asInt(), record.path("target").asInt(), outcome);
    }
}
