package dev.baton.samples.inhouse;

import dev.baton.spi.error.OperationFailedException;
import dev.baton.spi.hook.MemlockLimit;
import dev.baton.spi.hook.MemlockLimits;

/**
 * RLIMIT_MEMLOCK from /proc/PID/limits, which anyone may read: prlimit(2) on another user's process would already
 * need privilege for the read.
 */
final class ProcMemlockLimits {
    private static final String LINE = "Max locked memory";
    private static final int EINVAL = 22;

    private ProcMemlockLimits() {}

    static MemlockLimits read(int pid) {
        String[] values = ProcFiles.process(pid, "limits").lines()
                .filter(line -> line.startsWith(LINE))
                .findFirst()
                .orElseThrow(() -> new OperationFailedException(EINVAL, "/proc/" + pid + "/limits has no '" + LINE
                        + "' line"))
                .substring(LINE.length()).trim().split("\\s+");
        return new MemlockLimits(limit(values[0]), limit(values[1]));
    }

    private static MemlockLimit limit(String text) {
        return text.equals("unlimited") ? MemlockLimit.UNLIMITED : MemlockLimit.ofBytes(Long.parseLong(text));
    }
}
