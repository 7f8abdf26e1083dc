package io.orgaccessguard.json;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * JSON in and out, as plain trees: {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Number},
 * {@code Boolean} and {@code null}. Our output is built as ordered maps, so no reflection is involved.
 */
public final class Json {

    private static final JSON READER = JSON.std;
    private static final JSON WRITER = JSON.std;
    private static final JSON PRETTY_WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** Parses one JSON value; throws {@link MalformedJsonException} when the input is not JSON. */
    public static Object parse(InputStream input) {
        try {
            return READER.anyFrom(input);
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage());
        }
    }

    public static Object parse(String input) {
        try {
            return READER.anyFrom(input);
        } catch (IOException e) {
            throw new MalformedJsonException(e.getMessage());
        }
    }

    /** One line of JSON. */
    public static String write(Object tree) {
        try {
            return WRITER.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writePretty(Object tree) {
        try {
            return PRETTY_WRITER.asString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input is not JSON at all. */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String detail) {
            super("not valid JSON: " + detail);
        }
    }
}
