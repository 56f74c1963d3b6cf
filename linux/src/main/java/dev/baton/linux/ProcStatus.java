package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;

/**
 * The identity fields of /proc/PID/status (or /proc/PID/task/TID/status): the four uids and gids (real, effective,
 * saved, filesystem) and the permitted and effective capability sets.
 */
public record ProcStatus(int tgid, int ppid, int uid, int euid, int suid, int fsuid, int gid, int egid, int sgid,
                         int fsgid, long capPermitted, long capEffective) {
    /** True if every uid is {@code uid} and every gid is {@code gid}: no set-id program is running. */
    public boolean runsEntirelyAs(int uid, int gid) {
        return this.uid == uid && euid == uid && suid == uid && fsuid == uid
                && this.gid == gid && egid == gid && sgid == gid && fsgid == gid;
    }

    public static ProcStatus parse(int pid, String text) {
        int tgid = -1;
        int ppid = -1;
        int[] uids = null;
        int[] gids = null;
        long capPrm = -1;
        long capEff = -1;
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
            } else if (text.startsWith("CapPrm:", start)) {
                capPrm = hex(text, start + 7, end);
            } else if (text.startsWith("CapEff:", start)) {
                capEff = hex(text, start + 7, end);
            }
            start = end + 1;
        }
        if (tgid < 0 || ppid < 0 || uids == null || gids == null || uids.length < 4 || gids.length < 4
                || capPrm == -1 || capEff == -1) {
            throw new OperationFailedException(Errno.EINVAL, "cannot parse /proc/" + pid + "/status");
        }
        return new ProcStatus(tgid, ppid, uids[0], uids[1], uids[2], uids[3], gids[0], gids[1], gids[2], gids[3],
                capPrm, capEff);
    }

    /** A capability mask: 16 hex digits at most; anything else is unparsable (-1). */
    private static long hex(String text, int from, int to) {
        String digits = text.substring(from, to).strip();
        if (digits.isEmpty() || digits.length() > 16) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
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
