package dev.baton.core.verify;

import dev.baton.linux.ProcFs;
import dev.baton.spi.Hook;
import dev.baton.spi.error.BatonException;
import dev.baton.spi.hook.HookRequest;

import java.util.List;
import java.util.Optional;

/**
 * What core reads before the handler runs, for checks that need the state the call started from. housekeeping
 * needs the target process's own cgroup as it was: the handler may move the main thread, after which
 * /proc/PID/cgroup names the new child and could no longer tell a right child from a wrong one.
 *
 * <p>A read that fails is remembered rather than thrown: the handler's own error (no such process, say) is the
 * one the caller should see.
 */
public final class CallBaseline {
    private static final CallBaseline NOTHING = new CallBaseline(List.of(), null);

    private final List<String> processCgroups;
    private final String unreadable;

    private CallBaseline(List<String> processCgroups, String unreadable) {
        this.processCgroups = processCgroups;
        this.unreadable = unreadable;
    }

    /** Reads what {@code hook}'s verification will compare against; nothing for hooks that need nothing. */
    public static CallBaseline read(Hook<?, ?> hook, HookRequest request) {
        if (hook != Hook.HOUSEKEEPING) {
            return NOTHING;
        }
        try {
            return new CallBaseline(ProcFs.cgroups(request.pid()), null);
        } catch (BatonException e) {
            return new CallBaseline(List.of(), e.getMessage());
        }
    }

    /** The lines of /proc/PID/cgroup before the call, or why they could not be read. */
    List<String> processCgroups() {
        return processCgroups;
    }

    Optional<String> unreadable() {
        return Optional.ofNullable(unreadable);
    }
}
