package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import static java.util.Objects.requireNonNull;

/** The limits before and after, and whether anything changed. */
@Unstable
public record MemlockResult(int pid, MemlockLimits before, MemlockLimits after, boolean changed) implements HookResult {
    public MemlockResult {
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
    }
}
