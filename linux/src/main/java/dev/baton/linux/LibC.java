package dev.baton.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The libc entry points Baton uses, bound with JNA direct mapping: a direct call costs about as much as JNI,
 * where an interface proxy would reflect on every call. Each method throws {@link LastErrorException} carrying
 * errno; the small wrappers around this class turn errno into Baton's typed errors.
 *
 * <p>Structs are passed as primitive arrays: {@code struct rlimit64} is two u64, {@code struct sched_param} is one
 * int, {@code cpu_set_t} is a bit mask of longs.
 */
final class LibC {
    static {
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    static native int prlimit64(int pid, int resource, long[] newLimit, long[] oldLimit) throws LastErrorException;

    static native int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;

    static native int sched_getscheduler(int pid) throws LastErrorException;

    static native int sched_getparam(int pid, int[] param) throws LastErrorException;

    static native int sched_setaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

    static native int sched_getaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

    static native int sched_get_priority_min(int policy) throws LastErrorException;

    static native int sched_get_priority_max(int policy) throws LastErrorException;

    /** glibc 2.36+; PIDFD_THREAD (kernel 6.9+) pins a single thread instead of a thread-group leader. */
    static native int pidfd_open(int pid, int flags) throws LastErrorException;

    static native int pidfd_send_signal(int pidfd, int sig, Pointer info, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /**
     * {@code struct __user_cap_header_struct} is {u32 version, int pid}; with version 3 the data is two
     * {u32 effective, permitted, inheritable}, the low and the high 32 capabilities.
     */
    static native int capget(int[] header, int[] data) throws LastErrorException;

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native long write(int fd, byte[] buffer, long count) throws LastErrorException;

    static native int mkdir(String path, int mode) throws LastErrorException;

    static native int rmdir(String path) throws LastErrorException;

    static native int socketpair(int domain, int type, int protocol, int[] fds) throws LastErrorException;

    static native int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    static native long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    static native int gettid();

    static native int getuid();

    static native int geteuid();
}
