package dev.baton.plugins.localroot;

import dev.baton.linux.CgroupMount;
import dev.baton.linux.Errno;
import dev.baton.linux.KernelFiles;
import dev.baton.spi.error.OperationFailedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves cgroup directories without ever following a symbolic link or leaving the hierarchy.
 *
 * <p>cgroupfs itself cannot hold symlinks, but the mount point may sit below one, and a configured root may be an
 * ordinary directory tree; checking the real path against the expected one covers every component at once.
 */
final class CgroupDirectory {
    private CgroupDirectory() {}

    /** Returns {@code dir} if it is a real directory inside {@code mount}, reached without symlinks. */
    static Path requireReal(CgroupMount mount, Path dir) {
        if (Files.isSymbolicLink(dir)) {
            throw symlink(dir);
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new OperationFailedException(Errno.ENOTDIR, "cgroup path " + dir + " is not a directory");
        }
        try {
            Path realMount = mount.mountPoint().toRealPath();
            Path expected = realMount.resolve(mount.mountPoint().relativize(dir).toString()).normalize();
            if (!dir.toRealPath().equals(expected) || !expected.startsWith(realMount)) {
                throw symlink(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new OperationFailedException(Errno.ENOENT, "cannot resolve cgroup path " + dir + ": " + e.getMessage());
        }
    }

    /** Creates {@code child} below the verified {@code parent}; returns whether it was created by this call. */
    static boolean createChild(CgroupMount mount, Path parent, Path child, int pid) {
        int errno = KernelFiles.mkdir(child);
        if (errno != 0 && errno != Errno.EEXIST) {
            throw CgroupFailure.of(errno, pid, "create cgroup " + child);
        }
        requireReal(mount, child);
        if (!child.getParent().equals(parent)) {
            throw new OperationFailedException(Errno.EINVAL, "cgroup " + child + " is not a child of " + parent);
        }
        return errno == 0;
    }

    private static OperationFailedException symlink(Path dir) {
        String target = "";
        try {
            target = " (it points to " + Files.readSymbolicLink(dir) + ")";
        } catch (IOException | UnsupportedOperationException ignored) {
            // a symlink higher up the path: the message still names the path
        }
        return new OperationFailedException(Errno.ELOOP, "refusing cgroup path " + dir + ": it is or passes through a"
                + " symbolic link" + target + "; Baton never follows symlinks in cgroup paths");
    }
}
