package dev.baton.spi.error;

import dev.baton.spi.Unstable;

/**
 * Text a client controls (a cgroup name, a policy name), made safe to put in an error message: messages reach logs
 * and terminals, which a caller must not be able to steer. Handlers that quote request values in their errors
 * should use it too.
 */
@Unstable
public final class ClientText {
    private ClientText() {}

    /**
     * {@code text} with quotes, backslashes and every character that moves or hides text escaped as
     * {@code \}{@code uXXXX}, and cut after {@code maxChars} characters (the cut says how long the text was).
     */
    public static String printable(String text, int maxChars) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (i == maxChars) {
                out.append("...(").append(text.length()).append(" chars)");
                break;
            }
            char c = text.charAt(i);
            if (c == '\'' || c == '\\' || steers(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Controls (C0, DEL, C1), format characters such as the right-to-left override U+202E (the "Trojan Source"
     * trick), line and paragraph separators, and lone surrogates, private-use and unassigned code units, which
     * terminals render unpredictably.
     */
    private static boolean steers(char c) {
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
