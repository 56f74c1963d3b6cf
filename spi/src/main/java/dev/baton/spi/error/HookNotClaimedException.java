package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** No handler claims the hook and the in-process fallback is not allowed (strict mode) or not installed. */
@Unstable
public final class HookNotClaimedException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final String hook;

    public HookNotClaimedException(String hook, String message) {
        super(message);
        this.hook = hook;
    }

    public String hook() {
        return hook;
    }

    @Override
    public String kind() {
        return "HookNotClaimed";
    }
}
