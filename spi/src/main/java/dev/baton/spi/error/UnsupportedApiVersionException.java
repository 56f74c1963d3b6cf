package dev.baton.spi.error;

import dev.baton.spi.InternalApi;
import dev.baton.spi.Unstable;

import java.util.Set;

/** A party asked for an internal API version that the other side does not implement. */
@Unstable
public final class UnsupportedApiVersionException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final int requested;
    private final Set<Integer> supported;

    public UnsupportedApiVersionException(String message, int requested, Set<Integer> supported) {
        super(message);
        this.requested = requested;
        this.supported = Set.copyOf(supported);
    }

    /** The standard message: who does not implement which version, and which versions it does implement. */
    public static UnsupportedApiVersionException of(String who, int requested, Set<Integer> supported) {
        return new UnsupportedApiVersionException(
                "unsupported internal API version " + requested + ": " + who + " implements "
                        + InternalApi.describe(supported),
                requested, supported);
    }

    public int requested() {
        return requested;
    }

    public Set<Integer> supported() {
        return supported;
    }

    @Override
    public String kind() {
        return "UnsupportedApiVersion";
    }
}
