package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Set RLIMIT_MEMLOCK of {@code pid}: soft and hard both become {@code limit}.
 *
 * @param onlyRaise libvirt's default: if the current hard limit already covers {@code limit}, change nothing
 * @param startTime see {@link HookRequest#startTime()}
 */
@Unstable
public record MemlockRequest(int pid, MemlockLimit limit, boolean onlyRaise, OptionalLong startTime)
        implements HookRequest {
    public MemlockRequest {
        RequestChecks.pid(pid);
        requireNonNull(limit, "limit is null");
        startTime = RequestChecks.startTime(startTime);
    }

    public MemlockRequest(int pid, MemlockLimit limit, boolean onlyRaise) {
        this(pid, limit, onlyRaise, OptionalLong.empty());
    }

    @Override
    public MemlockRequest withStartTime(long startTime) {
        return new MemlockRequest(pid, limit, onlyRaise, OptionalLong.of(startTime));
    }

    /** A request with libvirt's default, only-raise semantics. */
    public static MemlockRequest raiseTo(int pid, MemlockLimit limit) {
        return new MemlockRequest(pid, limit, true);
    }
}
