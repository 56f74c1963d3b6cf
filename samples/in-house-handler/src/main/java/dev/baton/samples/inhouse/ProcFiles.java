package dev.baton.samples.inhouse;

import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads /proc with the JDK alone: this plugin depends on the SPI only, so it has no JNA and no syscalls. Every
 * file read here is world-readable.
 */
final class ProcFiles {
    private static final int EINVAL = 22;

    private ProcFiles() {}

    /** /proc/PID/task/TID/FILE. The directory exists only if TID is a thread of PID, which is the membership check. */
    static String thread(int pid, int tid, String file) {
        return read(pid, Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid), file),
                "thread " + tid + " of pid " + pid);
    }

    static String process(int pid, String file) {
        return read(pid, Path.of("/proc", Integer.toString(pid), file), "pid " + pid);
    }

    /**
     * The fields of a stat line after the command name, so that index 0 is field 3 (state) of proc(5). The name in
     * field 2 may contain spaces and ')': everything after the last ')' is safe to split.
     */
    static List<String> statFields(String stat, int pid) {
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 > stat.length()) {
            throw new OperationFailedException(EINVAL, "cannot parse the stat line of pid " + pid);
        }
        return List.of(stat.substring(end + 2).trim().split(" "));
    }

    /** Field 22 of /proc/PID/stat, in clock ticks since boot: with the pid, it names one process for good. */
    static long startTime(int pid) {
        return Long.parseLong(statFields(process(pid, "stat"), pid).get(22 - 3));
    }

    /**
     * Without a pidfd (the JDK has none) the target cannot be pinned. Comparing start times before and after a
     * call at least detects a pid that was reused meanwhile; the privileged helper should pin its target itself.
     */
    static void requireSameProcess(int pid, long startTime) {
        if (startTime(pid) != startTime) {
            throw new NoSuchProcessException(pid, "pid " + pid + " now belongs to another process: the target exited"
                    + " during the call and its pid was reused");
        }
    }

    private static String read(int pid, Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1); // /proc is bytes, not UTF-8
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid, "no such process: " + what + " does not exist");
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(null, "permission denied: cannot read " + file);
        } catch (IOException e) {
            throw new OperationFailedException(EINVAL, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
