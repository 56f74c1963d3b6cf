package dev.baton.standin;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

import java.nio.charset.StandardCharsets;

/** prctl(PR_SET_NAME) and gettid() for the fixture process; test-only, so it stays out of the main bindings. */
final class ThreadNaming {
    private static final int PR_SET_NAME = 15;

    static {
        Native.register(ThreadNaming.class, NativeLibrary.getInstance("c"));
    }

    private ThreadNaming() {}

    private static native int prctl(int option, byte[] arg2, long arg3, long arg4, long arg5) throws LastErrorException;

    static native int gettid();

    /** Names the calling thread as QEMU does; the kernel keeps at most 15 bytes. */
    static void nameCurrentThread(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] terminated = new byte[Math.min(bytes.length, 15) + 1];
        System.arraycopy(bytes, 0, terminated, 0, terminated.length - 1);
        prctl(PR_SET_NAME, terminated, 0, 0, 0);
    }
}
