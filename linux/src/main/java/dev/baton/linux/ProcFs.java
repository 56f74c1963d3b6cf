package dev.baton.linux;

import dev.baton.spi.error.BatonException;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.error.PermissionDeniedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unprivileged reads of /proc: the single place where Baton parses it. Core's verification, the dry-run plan,
 * local-root and batond all read through here.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    public static ProcStat stat(int pid) {
        return ProcStat.parse(pid, read(pid, PROC.resolve(Integer.toString(pid)).resolve("stat")).trim());
    }

    public static ProcStatus status(int pid) {
        return ProcStatus.parse(pid, read(pid, PROC.resolve(Integer.toString(pid)).resolve("status")));
    }

    /** The status of thread {@code tid} as seen under {@code pid}; ESRCH-like if it is not a thread of pid. */
    public static ProcStatus threadStatus(int pid, int tid) {
        return ProcStatus.parse(tid, read(tid, taskDir(pid, tid).resolve("status")));
    }

    /**
     * True if {@code tid} is a thread of process {@code pid} right now. The kernel resolves /proc/PID/task/TID only
     * for a member of PID's thread group, so one stat(2) answers what reading /proc/TID/status for its Tgid would,
     * without rendering the whole status file.
     */
    public static boolean isThreadOf(int pid, int tid) {
        return Files.isDirectory(taskDir(pid, tid), LinkOption.NOFOLLOW_LINKS);
    }

    public static String threadName(int pid, int tid) {
        return read(tid, taskDir(pid, tid).resolve("comm")).strip();
    }

    /** The thread ids of {@code pid}, ascending. */
    public static List<Integer> threadIds(int pid) {
        try (Stream<Path> tasks = Files.list(PROC.resolve(Integer.toString(pid)).resolve("task"))) {
            return tasks.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw failure(pid, "task", e);
        }
    }

    /** The lines of /proc/PID/cgroup, e.g. "3:cpuset:/machine" and "0::/machine". */
    public static List<String> cgroups(int pid) {
        return lines(read(pid, PROC.resolve(Integer.toString(pid)).resolve("cgroup")));
    }

    public static List<String> threadCgroups(int pid, int tid) {
        return lines(read(tid, taskDir(pid, tid).resolve("cgroup")));
    }

    /** /proc/PID/limits is world-readable, so this works where prlimit64 would need CAP_SYS_RESOURCE. */
    public static MemlockLimits memlockLimits(int pid) {
        for (String line : read(pid, PROC.resolve(Integer.toString(pid)).resolve("limits")).split("\n")) {
            if (line.startsWith("Max locked memory")) {
                String[] parts = line.substring("Max locked memory".length()).trim().split("\\s+");
                return new MemlockLimits(limit(parts[0]), limit(parts[1]));
            }
        }
        throw new OperationFailedException(Errno.EINVAL, "/proc/" + pid + "/limits has no 'Max locked memory' line");
    }

    /** The executable path. Reading another user's /proc/PID/exe needs ptrace-level access (root in batond). */
    public static String exe(int pid) {
        Path link = PROC.resolve(Integer.toString(pid)).resolve("exe");
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw failure(pid, "exe", e);
        }
    }

    private static MemlockLimit limit(String text) {
        return "unlimited".equals(text) ? MemlockLimit.UNLIMITED : new MemlockLimit(Long.parseLong(text));
    }

    private static Path taskDir(int pid, int tid) {
        return PROC.resolve(Integer.toString(pid)).resolve("task").resolve(Integer.toString(tid));
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return List.copyOf(lines);
    }

    /** /proc files are small; one read into a per-thread buffer avoids NIO's size probing and copies. */
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16384]);

    private static String read(int id, Path file) {
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toFile())) {
            byte[] buffer = BUFFER.get();
            int length = 0;
            for (int n; length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
            }
            if (length == buffer.length) {
                // Larger than the buffer (a process with thousands of supplementary groups): read the rest too.
                return new String(buffer, 0, length, StandardCharsets.ISO_8859_1)
                        + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        } catch (java.io.FileNotFoundException e) {
            // FileInputStream reports a missing /proc entry and a permission problem alike; tell them apart.
            throw failure(id, file.getFileName().toString(), Files.exists(file)
                    ? new java.nio.file.AccessDeniedException(file.toString()) : new NoSuchFileException(file.toString()));
        } catch (IOException e) {
            throw failure(id, file.getFileName().toString(), e);
        }
    }

    private static BatonException failure(int id, String file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new NoSuchProcessException(id);
        }
        if (e instanceof AccessDeniedException) {
            return new PermissionDeniedException("CAP_SYS_PTRACE", "permission denied: reading /proc/" + id + "/"
                    + file + " needs ptrace access to the process (same uid or CAP_SYS_PTRACE)");
        }
        // ESRCH surfaces as a plain IOException when the process dies in the middle of the read.
        if (!Files.exists(PROC.resolve(Integer.toString(id)))) {
            return new NoSuchProcessException(id);
        }
        return new OperationFailedException(Errno.EINVAL, "cannot read /proc/" + id + "/" + file + ": " + e.getMessage());
    }
}
