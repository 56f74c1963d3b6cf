package dev.baton.spi.error;

import dev.baton.spi.Unstable;

import java.util.Optional;

/** The kernel refused the operation (EPERM/EACCES). Names the missing capability when it is known. */
@Unstable
public final class PermissionDeniedException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final String capability;

    /**
     * @param capability the missing capability, e.g. "CAP_SYS_RESOURCE", or null when unknown
     * @param message    the whole message, e.g. "permission denied: CAP_SYS_RESOURCE is required to ..."
     */
    public PermissionDeniedException(String capability, String message) {
        super(message);
        this.capability = capability;
    }

    public Optional<String> capability() {
        return Optional.ofNullable(capability);
    }

    @Override
    public String kind() {
        return "PermissionDenied";
    }
}
