package dev.baton.varlink;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** The socket inode in the file system: stale-socket cleanup, permissions, and removal of only our own inode. */
final class SocketFiles {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_SUN_PATH = 107;

    private SocketFiles() {
    }

    /**
     * Makes way for binding {@code path}: a socket nobody listens on (left by a crash) is removed; a live one,
     * or anything that is not a socket, is an error rather than something to delete.
     */
    static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new FileAlreadyExistsException(path.toString(), null, "exists and is not a socket");
        }
        boolean live;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            live = probe.isConnected();
        } catch (IOException refused) {
            live = false;
        }
        if (live) {
            throw new IOException("another server is listening on " + path);
        }
        Files.deleteIfExists(path);
    }

    /**
     * Where to bind before the socket gets its mode: a hidden sibling, renamed onto {@code path} only after
     * chmod, so the final path never exists with the umask's permissions. Falls back to {@code path} itself
     * when the sibling name would not fit into sun_path.
     */
    static Path bindingPath(Path path) {
        Path sibling = path.resolveSibling("." + path.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL));
        return sibling.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_SUN_PATH
                ? sibling : path;
    }

    /** Applies the mode, moves the socket into place and returns the inode's key, to recognise it later. */
    static Object publish(Path bound, Path path, Set<PosixFilePermission> mode) throws IOException {
        if (mode != null) {
            Files.setPosixFilePermissions(bound, mode);
        }
        if (!bound.equals(path)) {
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return fileKey(path);
    }

    /** Removes {@code path} only if it is still the inode we created (a successor may have replaced it). */
    static void removeOwned(Path path, Object key) {
        try {
            if (key != null && Objects.equals(fileKey(path), key)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // already gone, or not ours to remove
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
