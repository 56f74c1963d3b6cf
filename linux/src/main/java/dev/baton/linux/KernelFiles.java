package dev.baton.linux;

import com.sun.jna.LastErrorException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes to kernel interface files (cgroupfs) with open(2)/write(2), so failures carry their errno: EBUSY, ENOSPC
 * and EOPNOTSUPP mean different things to a cgroup and deserve different messages. Opens use O_NOFOLLOW, so a
 * symlink planted where a kernel file should be is refused with ELOOP instead of being followed.
 */
public final class KernelFiles {
    private static final int O_WRONLY = 01;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;

    private KernelFiles() {}

    /** Writes {@code content} in one write(2), as the kernel expects for cgroup files. Returns 0 or the errno. */
    public static int write(Path file, String content) {
        int fd;
        try {
            fd = LibC.open(file.toString(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
        try {
            byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
            LibC.write(fd, bytes, bytes.length);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        } finally {
            try {
                LibC.close(fd);
            } catch (LastErrorException ignored) {
                // the write's own result is what matters
            }
        }
    }

    /** mkdir(2) with mode 0755; returns 0 or the errno (EEXIST when it exists, even as a symlink). */
    public static int mkdir(Path dir) {
        try {
            LibC.mkdir(dir.toString(), 0755);
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }

    /** rmdir(2); returns 0 or the errno. */
    public static int rmdir(Path dir) {
        try {
            LibC.rmdir(dir.toString());
            return 0;
        } catch (LastErrorException e) {
            return e.getErrorCode();
        }
    }
}
