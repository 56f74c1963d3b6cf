package dev.baton.linux;

import dev.baton.spi.error.OperationFailedException;

/** The identity fields of /proc/PID/status (or /proc/PID/task/TID/status). */
public record ProcStatus(int tgid, int ppid, int uid, int euid, int gid, int egid) {
    public static ProcStatus parse(int pid, String text) {
        Integer tgid = null;
        Integer ppid = null;
        int[] uids = null;
        int[] gids = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1).trim();
            switch (line.substring(0, colon)) {
                case "Tgid" -> tgid = Integer.parseInt(value);
                case "PPid" -> ppid = Integer.parseInt(value);
                case "Uid" -> uids = ints(value);
                case "Gid" -> gids = ints(value);
                default -> { }
            }
        }
        if (tgid == null || ppid == null || uids == null || gids == null || uids.length < 2 || gids.length < 2) {
            throw new OperationFailedException(Errno.EINVAL, "cannot parse /proc/" + pid + "/status");
        }
        return new ProcStatus(tgid, ppid, uids[0], uids[1], gids[0], gids[1]);
    }

    private static int[] ints(String value) {
        String[] parts = value.split("\\s+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i]);
        }
        return out;
    }
}
