package dev.baton.batond;

/** A setting batond was started with cannot be honoured; the message names the option and the fix. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
