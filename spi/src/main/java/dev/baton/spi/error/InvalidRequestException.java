package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/** A request failed validation. Names the offending field and what a valid value looks like. */
@Unstable
public final class InvalidRequestException extends BatonException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidRequestException(String field, String problem) {
        super("invalid request: " + field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    @Override
    public String kind() {
        return "InvalidRequest";
    }
}
