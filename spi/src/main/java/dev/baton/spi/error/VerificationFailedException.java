package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** A handler reported success but the real state, re-read by core, is different. */
@Unstable
public final class VerificationFailedException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public VerificationFailedException(String what, String expected, String actual) {
        super("verification failed: " + what + ": expected " + expected + ", actual " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }

    @Override
    public String kind() {
        return "VerificationFailed";
    }
}
