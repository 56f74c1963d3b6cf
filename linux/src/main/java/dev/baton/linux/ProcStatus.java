package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;

/** The identity fields of /proc/PID/status (or /proc/PID/task/TID/status). */
public record ProcStatus(int tgid, int ppid, int uid, int euid, int gid, int egid) {
    public static ProcStatus parse(int pid, String text) {
        int tgid = -1;
        int ppid = -1;
        int[] uids = null;
        int[] gids = null;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            if (text.startsWith("Tgid:", start)) {
                tgid = ints(text, start + 5, end)[0];
            } else if (text.startsWith("PPid:", start)) {
                ppid = ints(text, start + 5, end)[0];
            } else if (text.startsWith("Uid:", start)) {
                uids = ints(text, start + 4, end);
            } else if (text.startsWith("Gid:", start)) {
                gids = ints(text, start + 4, end);
            }
            start = end + 1;
        }
        if (tgid < 0 || ppid < 0 || uids == null || gids == null || uids.length < 2 || gids.length < 2) {
            throw new OperationFailedException(Errno.EINVAL, "cannot parse /proc/" + pid + "/status");
        }
        return new ProcStatus(tgid, ppid, uids[0], uids[1], gids[0], gids[1]);
    }

    /** The whitespace-separated non-negative integers of text[from, to), without regular expressions. */
    private static int[] ints(String text, int from, int to) {
        int[] values = new int[4];
        int count = 0;
        int i = from;
        while (i < to) {
            while (i < to && !Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i >= to) {
                break;
            }
            long value = 0;
            while (i < to && Character.isDigit(text.charAt(i))) {
                value = value * 10 + (text.charAt(i++) - '0');
            }
            if (count == values.length) {
                values = java.util.Arrays.copyOf(values, count * 2);
            }
            values[count++] = (int) value;
        }
        return java.util.Arrays.copyOf(values, Math.max(count, 1));
    }
}
