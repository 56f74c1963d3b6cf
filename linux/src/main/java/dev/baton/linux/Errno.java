package dev.baton.linux;

import java.util.Map;

/** The errno values Baton reacts to, and their names for messages ("EPERM", not "1"). */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ELOOP = 40;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(EIO, "EIO"), Map.entry(E2BIG, "E2BIG"), Map.entry(EBADF, "EBADF"),
            Map.entry(EAGAIN, "EAGAIN"), Map.entry(EACCES, "EACCES"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EEXIST, "EEXIST"), Map.entry(EXDEV, "EXDEV"), Map.entry(ENODEV, "ENODEV"),
            Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EINVAL, "EINVAL"), Map.entry(ENOSPC, "ENOSPC"),
            Map.entry(EROFS, "EROFS"), Map.entry(ERANGE, "ERANGE"), Map.entry(ELOOP, "ELOOP"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(ENOTEMPTY, "ENOTEMPTY"), Map.entry(EOPNOTSUPP, "EOPNOTSUPP"));

    private Errno() {}

    /** "EPERM", or "errno 123" for values Baton has no name for. */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
