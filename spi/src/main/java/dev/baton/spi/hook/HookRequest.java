package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.OptionalLong;

/** A request to one hook. Every request targets one process; requests validate themselves when constructed. */
@Unstable
public interface HookRequest {
    /** The target process (a thread-group id). */
    int pid();

    /**
     * The start time the caller knows the target by, in clock ticks since boot (field 22 of
     * {@code /proc/PID/stat}, as {@link InspectResult#startTime()} reports it), if it knows one.
     *
     * <p>A pid alone names whichever process holds that number when the handler acts. With a start time, a
     * handler that pins a process whose start time differs refuses it with
     * {@link dev.baton.spi.error.NoSuchProcessException}: the intended process has exited and its pid has been
     * reused. polkit identifies its subjects by (pid, start time) for the same reason. batond always sets it, to
     * the start time of the process it authorized, so that the process it acts on is the one it checked.
     */
    OptionalLong startTime();

    /** The same request, naming its target by {@code startTime} too. */
    HookRequest withStartTime(long startTime);
}
