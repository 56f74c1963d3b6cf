package dev.baton.batond.hostile;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

import java.nio.charset.StandardCharsets;

/**
 * The few libc calls {@link HostilePeer} needs that Java has no API for: a socket whose descriptor is a plain int,
 * and posix_spawn with a file action that hands that descriptor to the child (the JDK closes every descriptor
 * above 2 in the processes it starts).
 */
interface HostileLibC extends Library {
    HostileLibC C = Native.load("c", HostileLibC.class);

    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int O_RDWR = 2;
    /** Far larger than glibc's posix_spawn_file_actions_t (80 bytes on x86_64). */
    int FILE_ACTIONS_BYTES = 512;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, byte[] address, int length) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int gettid();

    int pidfd_send_signal(int pidfd, int signal, Pointer info, int flags) throws LastErrorException;

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_destroy(Pointer actions);

    /** Returns an error number (not through errno); argv and envp are passed NULL-terminated by JNA. */
    int posix_spawn(IntByReference pid, String path, Pointer actions, Pointer attributes, String[] argv,
                    String[] envp);

    /** A {@code struct sockaddr_un} for a filesystem path. */
    static byte[] unixAddress(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        byte[] address = new byte[2 + name.length + 1];
        address[0] = (byte) AF_UNIX; // sa_family_t, little-endian on x86_64 and arm64
        System.arraycopy(name, 0, address, 2, name.length);
        return address;
    }
}
