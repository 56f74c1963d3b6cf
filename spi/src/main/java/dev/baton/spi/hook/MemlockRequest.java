package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import static java.util.Objects.requireNonNull;

/**
 * Set RLIMIT_MEMLOCK of {@code pid}: soft and hard both become {@code limit}.
 *
 * @param onlyRaise libvirt's default: if the current hard limit already covers {@code limit}, change nothing
 */
@Unstable
public record MemlockRequest(int pid, MemlockLimit limit, boolean onlyRaise) implements HookRequest {
    public MemlockRequest {
        RequestChecks.pid(pid);
        requireNonNull(limit, "limit is null");
    }

    /** A request with libvirt's default, only-raise semantics. */
    public static MemlockRequest raiseTo(int pid, MemlockLimit limit) {
        return new MemlockRequest(pid, limit, true);
    }
}
