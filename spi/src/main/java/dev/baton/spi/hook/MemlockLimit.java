package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
import dev.baton.spi.error.InvalidRequestException;

/**
 * An RLIMIT_MEMLOCK value: a number of bytes, or unlimited (RLIM_INFINITY).
 *
 * @param bytes the limit in bytes, or {@link #INFINITY} for unlimited
 */
@Unstable
public record MemlockLimit(long bytes) {
    /** RLIM_INFINITY is ~0UL; as a signed Java long that is -1. */
    public static final long INFINITY = -1L;
    public static final MemlockLimit UNLIMITED = new MemlockLimit(INFINITY);

    public MemlockLimit {
        if (bytes < 0 && bytes != INFINITY) {
            throw new InvalidRequestException("bytes", "must be >= 0 or unlimited (got " + bytes + ")");
        }
    }

    public static MemlockLimit ofBytes(long bytes) {
        return new MemlockLimit(bytes);
    }

    public boolean isUnlimited() {
        return bytes == INFINITY;
    }

    /** True if this limit is at least {@code other}. */
    public boolean covers(MemlockLimit other) {
        if (isUnlimited()) {
            return true;
        }
        return !other.isUnlimited() && bytes >= other.bytes;
    }

    /** "unlimited", "8 MiB", "1 GiB" or "12345 bytes": how limits appear in messages. */
    @Override
    public String toString() {
        if (isUnlimited()) {
            return "unlimited";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        long value = bytes;
        String unit = null;
        for (String candidate : units) {
            if (value == 0 || value % 1024 != 0) {
                break;
            }
            value /= 1024;
            unit = candidate;
        }
        return unit == null ? bytes + " bytes" : value + " " + unit;
    }
}
