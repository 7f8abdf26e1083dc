package io.orgaccessguard.emulator.http;

/**
 * A tiny streaming XML builder for query-protocol responses. Every text value goes through {@link #escape}, so values
 * echoed back from the caller can never break the document.
 */
public final class Xml {

    private final StringBuilder out = new StringBuilder(256);

    public Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** Writes {@code <name>value</name>}; a null value writes nothing (absent member). */
    public Xml element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</")
                    .append(name).append('>');
        }
        return this;
    }

    /** Appends already-built XML. */
    public Xml raw(Xml other) {
        out.append(other.out);
        return this;
    }

    public boolean isEmpty() {
        return out.isEmpty();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /**
     * Escapes markup characters and drops code points XML 1.0 cannot carry at all; carriage returns become character
     * references so parsers do not normalise them away.
     */
    public static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                case '\r' -> "&#xD;";
                default -> (c < 0x20 && c != '\t' && c != '\n') || c == 0xFFFE || c == 0xFFFF ? "" : null;
            };
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
