package dev.baton.samples.launcher;

import dev.baton.spi.HookHandler;
import dev.baton.spi.error.NoSuchProcessException;
import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.InspectRequest;
import dev.baton.spi.hook.InspectResult;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The inspect hook, answered in the launcher's own code: the Java counterpart of the RFC's function pointer.
 *
 * <p>Inspect exists because reading another user's process takes ptrace-level access. A launcher that started the
 * VM itself, under its own uid, needs none of that, so it reads /proc directly instead of passing the baton. Core
 * still verifies the answer (start time, parent, uids and gids) like any plugin's.
 */
final class OwnChildInspector implements HookHandler<InspectRequest, InspectResult> {
    private static final int EINVAL = 22;

    @Override
    public InspectResult handle(InspectRequest request) {
        int pid = request.pid();
        // Fields after the command name, which may itself hold spaces and ')': index 0 is field 3 of proc(5).
        String stat = read(pid, "stat");
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        String status = read(pid, "status");
        int[] uids = ids(status, "Uid:", pid);
        int[] gids = ids(status, "Gid:", pid);
        return new InspectResult(pid, exe(pid), uids[0], uids[1], gids[0], gids[1], Integer.parseInt(fields[1]),
                Long.parseLong(fields[19]), fields[0], read(pid, "cgroup").lines().filter(l -> !l.isBlank()).toList(),
                memlock(read(pid, "limits"), pid));
    }

    /** /proc/PID/exe is the one file that may still need ptrace access (a setuid QEMU): then it is left empty. */
    private static String exe(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static MemlockLimits memlock(String limits, int pid) {
        String[] values = line(limits, "Max locked memory", pid).trim().split("\\s+");
        return new MemlockLimits(limit(values[0]), limit(values[1]));
    }

    private static MemlockLimit limit(String text) {
        return text.equals("unlimited") ? MemlockLimit.UNLIMITED : MemlockLimit.ofBytes(Long.parseLong(text));
    }

    /** The real and effective ids: the first two columns of the Uid: and Gid: lines. */
    private static int[] ids(String status, String key, int pid) {
        String[] values = line(status, key, pid).trim().split("\\s+");
        return new int[] {Integer.parseInt(values[0]), Integer.parseInt(values[1])};
    }

    private static String line(String text, String key, int pid) {
        List<String> matches = text.lines().filter(l -> l.startsWith(key)).toList();
        if (matches.isEmpty()) {
            throw new OperationFailedException(EINVAL, "/proc/" + pid + " has no '" + key + "' line");
        }
        return matches.get(0).substring(key.length());
    }

    private static String read(int pid, String file) {
        try {
            return Files.readString(Path.of("/proc", Integer.toString(pid), file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new NoSuchProcessException(pid);
        } catch (IOException e) {
            throw new OperationFailedException(EINVAL, "cannot read /proc/" + pid + "/" + file + ": " + e.getMessage());
        }
    }
}
