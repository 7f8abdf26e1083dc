package io.orgaccessguard.notify.directory;

/** Text made safe for HTML element content and quoted attribute values alike. */
final class Html {

    private Html() {
    }

    /**
     * Escapes {@code & < > " '}, and replaces what HTML does not allow as text (control characters other than tab and
     * line breaks, lone surrogates, noncharacters U+FFFE/U+FFFF) with U+FFFD. Bidirectional marks and overrides are
     * kept as the name's owner wrote them: the page isolates each name with {@code <bdi>} so they cannot reorder
     * anything around it.
     */
    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (isAllowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isAllowed(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        return !Character.isISOControl(c) && !Character.isSurrogate(c) && c != '\uFFFE' && c != '\uFFFF';
    }
}
