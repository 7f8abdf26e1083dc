package io.orgaccessguard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON in and out, as plain trees: {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Number},
 * {@code Boolean} and {@code null}. Our output is built as ordered maps, so no reflection is involved.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    /** Duplicate keys make a document mean two things; refuse it rather than pick one. */
    private static final JSON READER = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS);
    private static final JSON WRITER = JSON.std;
    private static final JSON PRETTY_WRITER = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** Parses exactly one JSON value; throws {@link MalformedJsonException} for anything else. */
    public static Object parse(String input) {
        try (JsonParser parser = FACTORY.createParser(input)) {
            Object value = READER.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("unexpected content after the JSON value at "
                        + parser.currentLocation().offsetDescription());
            }
            return value;
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

    /** The input is not (exactly one) JSON value. */
    public static final class MalformedJsonException extends RuntimeException {
        MalformedJsonException(String detail) {
            super("not valid JSON: " + (detail == null ? "" : detail.lines().findFirst().orElse("")));
        }
    }
}
