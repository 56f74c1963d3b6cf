package dev.baton.batond.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * JSON lines, one object per line, flushed to the kernel before the call proceeds. Jackson writes every string,
 * so client-controlled text (cgroup names, parameters) cannot break a line or forge a record: newlines, quotes
 * and control characters (DEL included) come out escaped, and non-ASCII is escaped too so terminals reading the log
 * are safe.
 *
 * <p>A write that fails (full disk, revoked file) throws {@link AuditUnavailableException}; callers deny.
 */
public final class AuditLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true)
                .setCharacterEscapes(new AsciiControlEscapes());
    }

    /**
     * Jackson escapes C0 controls, quotes and backslashes, and with ESCAPE_NON_ASCII everything above 0x7f, but
     * leaves DEL (0x7f) raw: it is escaped too, so the log holds printable ASCII only.
     */
    private static final class AsciiControlEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        AsciiControlEscapes() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null; // standard escapes only
        }
    }

    private final OutputStream out;
    private final boolean ownsStream;
    private final Clock clock;
    private final String origin;
    private long sequence;

    private AuditLog(OutputStream out, boolean ownsStream, Clock clock, String origin) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.clock = clock;
        this.origin = origin;
    }

    /** Appends to {@code file}, creating it with mode 0600 semantics left to the umask of the service unit. */
    public static AuditLog toFile(Path file, Clock clock) throws IOException {
        return new AuditLog(new FileOutputStream(file.toFile(), true), true, clock, file.toString());
    }

    public static AuditLog toStderr(Clock clock) {
        return new AuditLog(System.err, false, clock, "stderr");
    }

    /** A new record with the time and a sequence number already set. */
    public synchronized ObjectNode newRecord(String event) {
        ObjectNode record = JSON.createObjectNode();
        record.put("time", clock.instant().toString());
        record.put("seq", ++sequence);
        record.put("event", event);
        return record;
    }

    /** Writes one line and flushes it; throws {@link AuditUnavailableException} if that fails. */
    public synchronized void write(ObjectNode record) {
        try {
            byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.US_ASCII);
            out.write(line);
            out.flush();
        } catch (IOException e) {
            throw new AuditUnavailableException("cannot write the audit log " + origin + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (ownsStream) {
            out.close();
        }
    }
}
