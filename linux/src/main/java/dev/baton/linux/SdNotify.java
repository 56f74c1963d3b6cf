package dev.baton.linux;

import com.sun.jna.LastErrorException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * systemd's readiness protocol (sd_notify(3)): one datagram such as "READY=1" to the socket named in
 * NOTIFY_SOCKET. Without NOTIFY_SOCKET (not under systemd) it does nothing.
 */
public final class SdNotify {
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;

    private SdNotify() {}

    /** Sends {@code state}; returns false if there is no NOTIFY_SOCKET, throws if sending fails. */
    public static boolean notify(String state) {
        Optional<String> socket = Optional.ofNullable(System.getenv("NOTIFY_SOCKET")).filter(s -> !s.isEmpty());
        if (socket.isEmpty()) {
            return false;
        }
        byte[] address = UnixAddress.of(socket.get());
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        int fd = -1;
        try {
            fd = LibC.socket(UnixAddress.AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            LibC.sendto(fd, message, message.length, MSG_NOSIGNAL, address, address.length);
            return true;
        } catch (LastErrorException e) {
            throw new IllegalStateException("cannot notify systemd at " + socket.get() + ": " + Errno.name(e.getErrorCode()));
        } finally {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
    }

    /**
     * The listening socket systemd passed (sd_listen_fds(3)): fd 3 if LISTEN_PID is this process and LISTEN_FDS is
     * at least 1. LISTEN_PID guards against inheriting a variable meant for a parent.
     */
    public static Optional<Integer> listenFd() {
        String pid = System.getenv("LISTEN_PID");
        String fds = System.getenv("LISTEN_FDS");
        if (pid == null || fds == null) {
            return Optional.empty();
        }
        try {
            if (Long.parseLong(pid.trim()) != ProcessHandle.current().pid() || Integer.parseInt(fds.trim()) < 1) {
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(3);
    }
}
