package dev.baton.varlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * getsockopt(SO_PEERPIDFD) and close(2) through JNA direct mapping. Netty exposes SO_PEERCRED but not the
 * pidfd, and the pidfd is what lets a service act on the peer process without racing PID reuse.
 */
final class PeerPidFd {

    private static final Logger LOG = LoggerFactory.getLogger(PeerPidFd.class);

    private static final int SOL_SOCKET = 1;
    /** Linux 6.5+; generic value, the same on every architecture that uses asm-generic/socket.h, x86 included. */
    private static final int SO_PEERPIDFD = 77;
    private static final int ENOPROTOOPT = 92;

    private static final boolean LOADED = load();
    private static volatile boolean warnedUnavailable;

    private PeerPidFd() {
    }

    private static boolean load() {
        try {
            Native.register(PeerPidFd.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.warn("JNA cannot bind libc; peers will have no pidfd", e);
            return false;
        }
    }

    private static native int getsockopt(int fd, int level, int name, int[] value, int[] length)
            throws LastErrorException;

    private static native int close(int fd) throws LastErrorException;

    /** The peer's pidfd, owned by the caller; empty if the kernel (or the peer, being gone) cannot give one. */
    static OptionalInt acquire(int socketFd) {
        if (!LOADED) {
            return OptionalInt.empty();
        }
        int[] value = {-1};
        int[] length = {Integer.BYTES};
        try {
            getsockopt(socketFd, SOL_SOCKET, SO_PEERPIDFD, value, length);
            return value[0] >= 0 ? OptionalInt.of(value[0]) : OptionalInt.empty();
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENOPROTOOPT) {
                if (!warnedUnavailable) {
                    warnedUnavailable = true;
                    LOG.info("kernel lacks SO_PEERPIDFD (Linux < 6.5); peers will have no pidfd");
                }
            } else {
                LOG.debug("getsockopt(SO_PEERPIDFD) failed with errno {}", e.getErrorCode());
            }
            return OptionalInt.empty();
        }
    }

    static void release(OptionalInt pidfd) {
        if (pidfd.isPresent() && LOADED) {
            try {
                close(pidfd.getAsInt());
            } catch (LastErrorException e) {
                LOG.warn("close(pidfd {}) failed with errno {}", pidfd.getAsInt(), e.getErrorCode());
            }
        }
    }
}
