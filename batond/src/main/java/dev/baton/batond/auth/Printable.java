package dev.baton.batond.auth;

import dev.baton.spi.error.ClientText;

/** Client-controlled text as it may appear in a denial message: see {@link ClientText}, capped at 64 characters. */
final class Printable {
    private static final int MAX = 64;

    private Printable() {}

    static String of(String text) {
        return text == null ? "(none)" : ClientText.printable(text, MAX);
    }
}
