package dev.baton.linux;

/** Who this process is, for messages and for tests that need to know whether they are root. */
public final class Identity {
    private Identity() {}

    public static int uid() {
        return LibC.getuid();
    }

    public static int euid() {
        return LibC.geteuid();
    }

    public static int gettid() {
        return LibC.gettid();
    }
}
