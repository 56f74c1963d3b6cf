package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;

/**
 * The fields of /proc/PID/stat that Baton uses.
 *
 * @param flags     the kernel's per-process flags (field 9)
 * @param startTime clock ticks since boot (field 22): with the pid it identifies a process across pid reuse
 */
public record ProcStat(int pid, String comm, String state, int ppid, long flags, long startTime) {
    /** PF_KTHREAD in the per-process flags (field 9): the process is a kernel thread. */
    private static final long PF_KTHREAD = 0x00200000L;

    public boolean isKernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }

    /**
     * Parses the stat line. The command name is in parentheses and may itself contain ')' and spaces (a process
     * chooses its own name), so the fixed fields are counted from the LAST ')'.
     */
    public static ProcStat parse(int pid, String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw malformed(pid, line);
        }
        // Fields are counted from 3 (state), the first after the name. Only four are wanted, so the line is scanned
        // rather than split into fifty strings: this runs several times per delegated call.
        String[] wanted = new String[20];
        int field = 0;
        int at = close + 1;
        while (field < wanted.length) {
            while (at < line.length() && line.charAt(at) == ' ') {
                at++;
            }
            if (at >= line.length() || line.charAt(at) == '\n') {
                throw malformed(pid, line);
            }
            int end = at;
            while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\n') {
                end++;
            }
            if (field == 0 || field == 1 || field == 6 || field == 19) {
                wanted[field] = line.substring(at, end);
            }
            field++;
            at = end;
        }
        try {
            return new ProcStat(pid, line.substring(open + 1, close), wanted[0], Integer.parseInt(wanted[1]),
                    Long.parseUnsignedLong(wanted[6]), Long.parseLong(wanted[19]));
        } catch (NumberFormatException e) {
            throw malformed(pid, line);
        }
    }

    private static OperationFailedException malformed(int pid, String line) {
        return new OperationFailedException(Errno.EINVAL, "cannot parse /proc/" + pid + "/stat: '"
                + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'");
    }
}
