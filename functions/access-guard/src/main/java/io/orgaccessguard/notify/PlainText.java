package io.orgaccessguard.notify;

import java.util.Locale;

/**
 * The one sanitiser for text a person reads (subject and e-mail body). Account names and reasons are hostile input: an
 * account owner chooses the name, so it may carry line breaks (which would forge lines or split the subject), control
 * and bidirectional-override characters, markup, or text SNS refuses in a subject.
 */
final class PlainText {

    private PlainText() {
    }

    /**
     * One line of printable ASCII: every run of whitespace and control characters becomes one space, every other
     * character outside printable ASCII becomes {@code ?}, and so do {@code <} and {@code >}, so that nothing in the
     * text can be taken for a tag by a client that guesses at HTML.
     */
    static String oneLine(String raw) {
        if (raw == null) {
            return "";
        }
        var out = new StringBuilder(raw.length());
        boolean spacePending = false;
        for (int i = 0; i < raw.length(); ) {
            int codePoint = raw.codePointAt(i);
            i += Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                    || Character.isISOControl(codePoint)) {
                spacePending = !out.isEmpty();
                continue;
            }
            if (spacePending) {
                out.append(' ');
                spacePending = false;
            }
            out.append(isSafe(codePoint) ? (char) codePoint : '?');
        }
        return out.toString();
    }

    /** {@link #oneLine(String)}, cut to {@code max} characters with {@code ...} when it is longer. */
    static String oneLine(String raw, int max) {
        return truncate(oneLine(raw), max);
    }

    /** Cuts {@code text} to at most {@code max} characters, marking the cut with {@code ...}. */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        if (max <= 3) {
            return ".".repeat(Math.max(max, 0));
        }
        return prefix(text, max - 3).stripTrailing() + "...";
    }

    /** The first {@code length} characters of {@code text}, one fewer if the cut would split a surrogate pair. */
    static String prefix(String text, int length) {
        if (length >= text.length()) {
            return text;
        }
        int end = Math.max(length, 0);
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * A name usable as an AWS CLI profile name or in a file name: lower-case letters, digits and single hyphens; empty
     * when nothing of the name survives.
     */
    static String slug(String raw, int max) {
        String slug = oneLine(raw).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return slug.length() <= max ? slug : slug.substring(0, max).replaceAll("-+$", "");
    }

    private static boolean isSafe(int codePoint) {
        return codePoint >= 0x20 && codePoint < 0x7F && codePoint != '<' && codePoint != '>';
    }
}
