package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * The soak's audit log, read line by line: every line a JSON object, and each call's "allow" record answered by a
 * "result" record naming its seq. Seqs are tracked in bit sets, so a million calls cost a few hundred KiB.
 */
record SoakAudit(long lines, long notJson, long allows, long results, long denials, long unmatchedResults,
                 long allowsWithoutResult) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static SoakAudit read(Path file) throws IOException {
        long lines = 0;
        long notJson = 0;
        long allows = 0;
        long results = 0;
        long denials = 0;
        long unmatched = 0;
        BitSet open = new BitSet();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            for (String line; (line = in.readLine()) != null; ) {
                lines++;
                JsonNode record;
                try {
                    record = JSON.readTree(line);
                } catch (IOException e) {
                    notJson++;
                    continue;
                }
                if (record == null || !record.isObject()) {
                    notJson++;
                    continue;
                }
                switch (record.path("event").asText()) {
                    case "allow" -> {
                        allows++;
                        open.set(Math.toIntExact(record.path("seq").asLong()));
                    }
                    case "result" -> {
                        results++;
                        int call = Math.toIntExact(record.path("call").asLong());
                        if (call <= 0 || !open.get(call)) {
                            unmatched++;
                        } else {
                            open.clear(call);
                        }
                    }
                    default -> denials++;
                }
            }
        }
        return new SoakAudit(lines, notJson, allows, results, denials, unmatched, open.cardinality());
    }

    /** What does not add up for {@code calls} calls that all succeeded; empty if everything does. */
    List<String> problems(long calls) {
        List<String> problems = new ArrayList<>();
        if (notJson > 0) {
            problems.add(notJson + " audit lines are not JSON objects");
        }
        if (allows != calls) {
            problems.add("the audit log has " + allows + " allow records for " + calls + " calls: "
                    + Math.abs(calls - allows) + (allows < calls ? " calls are missing" : " too many"));
        }
        if (results != calls) {
            problems.add("the audit log has " + results + " result records for " + calls + " calls");
        }
        if (allowsWithoutResult > 0) {
            problems.add(allowsWithoutResult + " allow records have no result record");
        }
        if (unmatchedResults > 0) {
            problems.add(unmatchedResults + " result records name no earlier allow record");
        }
        if (denials > 0) {
            problems.add(denials + " calls were denied or invalid; the soak's policy allows every call it makes");
        }
        return problems;
    }

    @Override
    public String toString() {
        return lines + " lines, " + (lines - notJson) + " JSON objects; " + allows + " allow, " + results + " result ("
                + allowsWithoutResult + " allows without result, " + unmatchedResults + " unmatched results), "
                + denials + " other";
    }
}
