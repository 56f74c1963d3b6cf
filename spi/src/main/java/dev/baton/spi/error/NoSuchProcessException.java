package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** The target process or thread does not exist (any more), or was replaced by another process with its pid. */
@Unstable
public final class NoSuchProcessException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final int pid;

    public NoSuchProcessException(int pid) {
        this(pid, "no such process " + pid);
    }

    public NoSuchProcessException(int pid, String message) {
        super(message);
        this.pid = pid;
    }

    public int pid() {
        return pid;
    }

    @Override
    public String kind() {
        return "NoSuchProcess";
    }
}
