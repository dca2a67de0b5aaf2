package io.jenkins.plugins.imagebuilder.aws;

/**
 * Text that came from a user or from the service, made safe to echo in a message or a log line:
 * control characters (line breaks, escape sequences that move the cursor or colour the terminal,
 * bidirectional overrides) are written as escapes, so that nobody can forge a log line, and long
 * text is cut with a visible mark, so that a huge input cannot make a huge message.
 */
public final class UserText {

    /** How many characters of an input a message shows at most. */
    public static final int LIMIT = 200;

    private UserText() {}

    /** What a user left blank is unset: {@code null}; anything else without surrounding blanks. */
    public static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The text escaped and cut, without quotes; {@code null} stays {@code null}. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder safe = new StringBuilder();
        int shown = 0;
        int total = text.codePointCount(0, text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (shown == LIMIT) {
                safe.append("\u2026 (").append(total - LIMIT).append(" more characters)");
                break;
            }
            safe.append(escaped(c));
            shown++;
        }
        return safe.toString();
    }

    /** The text escaped, cut and in double quotes: {@code "web"}. */
    public static String quote(String text) {
        return text == null ? "null" : "\"" + escape(text) + "\"";
    }

    private static String escaped(int c) {
        switch (c) {
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            default:
                if (Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                    return String.format("\\u%04X", c);
                }
                return new String(Character.toChars(c));
        }
    }
}
