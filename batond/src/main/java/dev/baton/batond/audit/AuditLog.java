package dev.baton.batond.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

/**
 * JSON lines, one object per line, flushed to the kernel before the call proceeds. Jackson writes every string,
 * so client-controlled text (cgroup names, parameters) cannot break a line or forge a record: newlines, quotes
 * and control characters (DEL included) come out escaped, and non-ASCII is escaped too so terminals reading the log
 * are safe.
 *
 * <p>A write that fails (full disk, revoked file, closed stderr) throws {@link AuditUnavailableException}; callers
 * deny.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
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

    /** An audit file is created readable by root only: its records hold every tenant's call parameters. */
    private static final Set<PosixFilePermission> CREATE_MODE = PosixFilePermissions.fromString("rw-------");
    /** The most an existing audit file keeps: an operator may let one group read it (chgrp, chmod 0640). */
    private static final Set<PosixFilePermission> MOST_EXISTING = PosixFilePermissions.fromString("rw-r-----");

    private final OutputStream out;
    private final boolean ownsStream;
    private final Clock clock;
    private final String origin;
    private final boolean mayBlock;
    private long sequence;
    private boolean torn;

    private AuditLog(OutputStream out, boolean ownsStream, Clock clock, String origin, boolean mayBlock) {
        this.out = out;
        this.ownsStream = ownsStream;
        this.clock = clock;
        this.origin = origin;
        this.mayBlock = mayBlock;
    }

    /**
     * Appends to {@code file}. A new file is created with mode 0600, whatever the umask allows; an existing regular
     * file loses any access beyond 0640 (others', group write), so that a log created by hand or by an older
     * batond stops exposing parameters. Devices and pipes (/dev/full in tests, a FIFO to a collector) are used as
     * they are.
     */
    public static AuditLog toFile(Path file, Clock clock) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(CREATE_MODE));
        } catch (FileAlreadyExistsException existing) {
            // an existing log (or a device, or a FIFO) is appended to; restrict() narrows a regular file's mode
        }
        // A FileOutputStream, not a FileChannel: a channel is closed for good when a thread writing to it is
        // interrupted (a worker at a forced shutdown), and every later record, from every thread, would then fail.
        FileOutputStream out = new FileOutputStream(file.toFile(), true);
        try {
            restrict(file);
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        return new AuditLog(out, true, clock, file.toString(), !Files.isRegularFile(file));
    }

    private static void restrict(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> kept = EnumSet.noneOf(PosixFilePermission.class);
        kept.addAll(mode);
        kept.retainAll(MOST_EXISTING);
        if (!kept.equals(mode)) {
            Files.setPosixFilePermissions(file, kept);
            LOG.warn("the audit log {} was mode {}; batond made it {} so that only root (and its group, if it was"
                    + " allowed to read) can read the callers' parameters", file,
                    PosixFilePermissions.toString(mode), PosixFilePermissions.toString(kept));
        }
    }

    /**
     * Writes to file descriptor 2 directly. Not through {@link System#err}: a PrintStream swallows every
     * IOException, so a full disk or a closed pipe behind stderr would lose records while batond kept acting.
     */
    public static AuditLog toStderr(Clock clock) {
        // /proc/self/fd/2 resolves to a regular file only when stderr is one; a pipe (journald) or a tty may block.
        return new AuditLog(new FileOutputStream(FileDescriptor.err), false, clock, "stderr",
                !Files.isRegularFile(Path.of("/proc/self/fd/2")));
    }

    /**
     * True if a write may wait on a reader (a pipe, a FIFO, a socket, a terminal): then no call may write a record
     * from an event loop, where a stalled reader would stop every connection of the loop. A regular file's append
     * does not wait on anyone.
     */
    public boolean mayBlock() {
        return mayBlock;
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
            // After a failed write part of a line may be in the log: start afresh, so the next record is whole.
            byte[] json = JSON.writeValueAsBytes(record); // ASCII only: everything else is escaped
            int lead = torn ? 1 : 0;
            byte[] line = new byte[lead + json.length + 1];
            line[0] = '\n';
            System.arraycopy(json, 0, line, lead, json.length);
            line[line.length - 1] = '\n';
            torn = true;
            out.write(line);
            out.flush();
            torn = false;
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
