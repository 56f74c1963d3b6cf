package dev.baton.spi.hook;

import dev.baton.spi.Unstable;

import static java.util.Objects.requireNonNull;

/** The soft and hard RLIMIT_MEMLOCK of a process. */
@Unstable
public record MemlockLimits(MemlockLimit soft, MemlockLimit hard) {
    public MemlockLimits {
        requireNonNull(soft, "soft is null");
        requireNonNull(hard, "hard is null");
    }

    /** libvirt sets both to the same value. */
    public static MemlockLimits both(MemlockLimit limit) {
        return new MemlockLimits(limit, limit);
    }

    @Override
    public String toString() {
        return soft.equals(hard) ? "soft=hard=" + hard : "soft=" + soft + " hard=" + hard;
    }
}
