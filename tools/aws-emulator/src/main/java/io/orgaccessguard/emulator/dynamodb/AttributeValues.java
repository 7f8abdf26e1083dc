package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.http.AwsException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DynamoDB's AttributeValue wire format ({@code {"S": "x"}}, {@code {"N": "1"}}, ...): validation with DynamoDB's
 * messages, number normalisation, item size as DynamoDB counts it, and ordering and equality as expressions use
 * them. Values are Jackson nodes in exactly the wire shape; stored nodes are never mutated.
 * Sources: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html.
 */
public final class AttributeValues {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    public static final Set<String> TYPES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    /** "Numbers can have up to 38 digits of precision", magnitudes 1E-130 to 9.9999999999999999999999999999999999999E+125. */
    private static final int MAX_DIGITS = 38;

    private AttributeValues() {
    }

    public static AwsException validation(String message) {
        return new AwsException("ValidationException", 400, message);
    }

    private static AwsException invalid(String message) {
        return validation("One or more parameter values were invalid: " + message);
    }

    /** The type of a (validated) value: {@code S}, {@code N}, ... */
    public static String type(JsonNode value) {
        return value.fieldNames().next();
    }

    /** A validated copy of an item (attribute name to value), numbers normalised. */
    public static ObjectNode checkedItem(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            if (e.getKey().isEmpty()) {
                throw invalid("An AttributeValue may not contain an empty attribute name");
            }
            out.set(e.getKey(), checked(e.getValue()));
        }
        return out;
    }

    /** A validated copy of one value, numbers normalised as DynamoDB stores them. */
    public static ObjectNode checked(JsonNode value) {
        if (value == null || !value.isObject() || value.isEmpty()) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (value.size() > 1) {
            throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
                    + "the supported datatypes");
        }
        String type = type(value);
        JsonNode v = value.get(type);
        if (!TYPES.contains(type)) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        ObjectNode out = NODES.objectNode();
        switch (type) {
            case "S" -> out.put("S", text(v));
            case "N" -> out.put("N", normalizedNumber(text(v)));
            case "B" -> out.put("B", binary(v));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported "
                            + "datatypes");
                }
                out.put("BOOL", v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw invalid("Null attribute value types must have the value of true");
                }
                out.put("NULL", true);
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported "
                            + "datatypes");
                }
                ObjectNode map = out.putObject("M");
                v.properties().forEach(e -> map.set(e.getKey(), checked(e.getValue())));
            }
            case "L" -> {
                if (!v.isArray()) {
                    throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported "
                            + "datatypes");
                }
                ArrayNode list = out.putArray("L");
                v.forEach(element -> list.add(checked(element)));
            }
            default -> out.set(type, set(type, v));
        }
        return out;
    }

    private static ArrayNode set(String type, JsonNode v) {
        if (!v.isArray() || v.isEmpty()) {
            String kind = switch (type) {
                case "SS" -> "string";
                case "NS" -> "number";
                default -> "binary";
            };
            // DynamoDB's own wording, double space included.
            throw invalid("An " + kind + " set  may not be empty");
        }
        ArrayNode out = NODES.arrayNode();
        var seen = new HashSet<String>();
        for (JsonNode element : v) {
            String normalized = switch (type) {
                case "SS" -> text(element);
                case "NS" -> normalizedNumber(text(element));
                default -> binary(element);
            };
            if (!seen.add(normalized)) {
                throw invalid("Input collection contains duplicates");
            }
            out.add(normalized);
        }
        return out;
    }

    private static String text(JsonNode v) {
        if (v == null || !v.isTextual()) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        return v.textValue();
    }

    private static String binary(JsonNode v) {
        try {
            return Base64.getEncoder().encodeToString(Base64.getDecoder().decode(text(v)));
        } catch (IllegalArgumentException e) {
            throw new AwsException("SerializationException", 400, "Base64 encoded length is expected a multiple of 4 "
                    + "bytes but found: " + text(v).length());
        }
    }

    /** DynamoDB trims leading and trailing zeros and rejects more than 38 significant digits or out-of-range values. */
    static String normalizedNumber(String text) {
        BigDecimal number;
        try {
            number = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw validation("A value provided cannot be converted into a number");
        }
        if (number.signum() == 0) {
            return "0";
        }
        BigDecimal stripped = number.stripTrailingZeros();
        if (stripped.precision() > MAX_DIGITS) {
            throw validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = stripped.precision() - stripped.scale() - 1;
        if (exponent > 125) {
            throw validation("Number overflow. Attempting to store a number with magnitude larger than supported "
                    + "range");
        }
        if (exponent < -130) {
            throw validation("Number underflow. Attempting to store a number with magnitude smaller than supported "
                    + "range");
        }
        return exponent >= -20 && exponent <= 40 ? stripped.toPlainString() : stripped.toString();
    }

    // ---------------------------------------------------------------- size

    /** The item size DynamoDB counts against its 400 KB limit: attribute names plus values. */
    public static long itemSize(JsonNode item) {
        long size = 0;
        for (Map.Entry<String, JsonNode> e : item.properties()) {
            size += utf8(e.getKey()) + valueSize(e.getValue());
        }
        return size;
    }

    static long valueSize(JsonNode value) {
        String type = type(value);
        JsonNode v = value.get(type);
        return switch (type) {
            case "S" -> utf8(v.textValue());
            case "N" -> numberSize(v.textValue());
            case "B" -> Base64.getDecoder().decode(v.textValue()).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> sum(v, e -> utf8(e.textValue()));
            case "NS" -> sum(v, e -> numberSize(e.textValue()));
            case "BS" -> sum(v, e -> Base64.getDecoder().decode(e.textValue()).length);
            // "3 bytes of overhead, regardless of its contents" plus "1 byte for each element"
            case "L" -> 3 + sum(v, e -> 1 + valueSize(e));
            case "M" -> {
                long size = 3;
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    size += 1 + utf8(e.getKey()) + valueSize(e.getValue());
                }
                yield size;
            }
            default -> throw new IllegalStateException(type);
        };
    }

    /** "(1 byte per two significant digits) + (1 byte)". */
    private static long numberSize(String number) {
        BigDecimal stripped = new BigDecimal(number).stripTrailingZeros();
        int digits = stripped.signum() == 0 ? 1 : stripped.precision();
        return (digits + 1) / 2 + 1;
    }

    private static long sum(JsonNode array, java.util.function.ToLongFunction<JsonNode> size) {
        long total = 0;
        for (JsonNode e : array) {
            total += size.applyAsLong(e);
        }
        return total;
    }

    public static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    // ---------------------------------------------------------------- comparison

    /** Equality as DynamoDB's {@code =} sees it: same type and value; sets ignore order; numbers compare by value. */
    public static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        String type = type(a);
        if (!type.equals(type(b))) {
            return false;
        }
        JsonNode x = a.get(type);
        JsonNode y = b.get(type);
        return switch (type) {
            case "N" -> new BigDecimal(x.textValue()).compareTo(new BigDecimal(y.textValue())) == 0;
            case "SS", "BS" -> strings(x).equals(strings(y));
            case "NS" -> numbers(x).equals(numbers(y));
            case "L" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) {
                        yield false;
                    }
                }
                yield true;
            }
            case "M" -> {
                if (x.size() != y.size()) {
                    yield false;
                }
                for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!equal(x.get(name), y.get(name))) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> x.equals(y);
        };
    }

    private static Set<String> strings(JsonNode array) {
        var out = new HashSet<String>();
        array.forEach(e -> out.add(e.textValue()));
        return out;
    }

    private static Set<BigDecimal> numbers(JsonNode array) {
        var out = new HashSet<BigDecimal>();
        array.forEach(e -> out.add(new BigDecimal(e.textValue()).stripTrailingZeros()));
        return out;
    }

    /** Whether {@code <}, {@code BETWEEN} and friends apply: N, S and B only. */
    static boolean ordered(String type) {
        return "N".equals(type) || "S".equals(type) || "B".equals(type);
    }

    /**
     * The order of two values of one ordered type (numbers by value, strings by UTF-8 bytes, binary by unsigned
     * bytes), or null when they cannot be ordered against each other.
     */
    public static Integer compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return null;
        }
        String type = type(a);
        if (!type.equals(type(b)) || !ordered(type)) {
            return null;
        }
        String x = a.get(type).textValue();
        String y = b.get(type).textValue();
        return switch (type) {
            case "N" -> new BigDecimal(x).compareTo(new BigDecimal(y));
            case "S" -> unsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8));
            default -> unsigned(Base64.getDecoder().decode(x), Base64.getDecoder().decode(y));
        };
    }

    static int unsigned(byte[] x, byte[] y) {
        return Arrays.compareUnsigned(x, y);
    }

    /** DynamoDB's compact rendering in error messages: {@code {N:5}} / {@code {S:abc}}. */
    static String render(JsonNode value) {
        String type = type(value);
        JsonNode v = value.get(type);
        return "{" + type + ":" + (v.isValueNode() ? v.asText() : v.toString()) + "}";
    }

    /** The elements of a set or list value, for {@code contains}. */
    static List<JsonNode> elements(JsonNode value) {
        String type = type(value);
        JsonNode v = value.get(type);
        var out = new ArrayList<JsonNode>();
        switch (type) {
            case "L" -> v.forEach(out::add);
            case "SS" -> v.forEach(e -> out.add(NODES.objectNode().put("S", e.textValue())));
            case "NS" -> v.forEach(e -> out.add(NODES.objectNode().put("N", e.textValue())));
            case "BS" -> v.forEach(e -> out.add(NODES.objectNode().put("B", e.textValue())));
            default -> {
                // not a collection
            }
        }
        return out;
    }
}
