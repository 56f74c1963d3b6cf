package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** The kernel rejected the operation with an errno that has no more specific error type (EBUSY, ENOSPC, ...). */
@Unstable
public final class OperationFailedException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    public OperationFailedException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    @Override
    public String kind() {
        return "OperationFailed";
    }
}
