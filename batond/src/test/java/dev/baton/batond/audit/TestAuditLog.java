package dev.baton.batond.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The audit file's permissions: its records hold every tenant's call parameters. Real files, this JVM's umask. */
final class TestAuditLog {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T00:00:00Z"), ZoneOffset.UTC);
    private Path dir;

    @BeforeEach
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("baton-audit-");
    }

    @AfterEach
    void removeDirectory() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aNewAuditFileIsReadableByRootOnly() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            log.write(log.newRecord("allow"));
        }
        assertEquals("rw-------", mode(file), "a umask of 022 would have made it rw-r--r--");
        assertEquals(List.of("{\"time\":\"2026-12-04T00:00:00Z\",\"seq\":1,\"event\":\"allow\"}"),
                Files.readAllLines(file));
    }

    /** An older batond, or a hand-made file, left it world-readable: others lose access, a log group keeps read. */
    @Test
    void anExistingAuditFileKeepsAtMostGroupRead() throws IOException {
        Path file = Files.writeString(dir.resolve("audit.jsonl"), "{\"seq\":1}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            log.write(log.newRecord("allow"));
        }
        assertEquals("rw-r-----", mode(file));
        assertEquals(2, Files.readAllLines(file).size(), "appended, not truncated");
    }

    /** An operator who chgrp'ed the log and made it 0640 for a log-reading group keeps that. */
    @Test
    void aGroupReadableAuditFileIsLeftAsItIs() throws IOException {
        Path file = Files.writeString(dir.resolve("audit.jsonl"), "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            assertEquals("rw-r-----", mode(file));
        }
    }

    @Test
    void aWriterThatWasInterruptedDoesNotCloseTheLogForEveryoneElse() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.toFile(file, CLOCK)) {
            Thread interrupted = new Thread(() -> {
                Thread.currentThread().interrupt(); // as shutdownNow() leaves a worker
                log.write(log.newRecord("allow"));
            });
            interrupted.start();
            interrupted.join();
            log.write(log.newRecord("result"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertEquals(true, lines.get(1).contains("\"event\":\"result\""), lines.get(1));
    }

    @Test
    void onlyARegularFileIsASinkThatCannotBlock() throws IOException {
        try (AuditLog file = AuditLog.toFile(dir.resolve("audit.jsonl"), CLOCK);
             AuditLog device = AuditLog.toFile(Path.of("/dev/null"), CLOCK)) {
            assertEquals(false, file.mayBlock());
            assertEquals(true, device.mayBlock(), "not a regular file: a pipe or FIFO reader could stall it");
        }
    }
}
