package dev.baton.batond.auth;

/**
 * Client-controlled text as it may appear in a denial message: control characters and quotes escaped, length
 * capped. Messages reach logs and terminals, which must not be steered by a peer.
 */
final class Printable {
    private static final int MAX = 64;

    private Printable() {}

    static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (i == MAX) {
                out.append("...(").append(text.length()).append(" chars)");
                break;
            }
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\' || (c >= 0x80 && Character.isISOControl(c))) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
