package dev.baton.plugins.localroot;

import dev.baton.linux.Errno;
import dev.baton.spi.error.OperationFailedException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads small cgroup interface files without following symlinks. */
final class CgroupFiles {
    private static final int MAX_BYTES = 64 * 1024;

    private CgroupFiles() {}

    static String read(Path file) {
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // cgroup files are tiny; read until EOF or the cap
            }
            buffer.flip();
            return StandardCharsets.US_ASCII.decode(buffer).toString();
        } catch (IOException e) {
            throw new OperationFailedException(Errno.ENOENT, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
