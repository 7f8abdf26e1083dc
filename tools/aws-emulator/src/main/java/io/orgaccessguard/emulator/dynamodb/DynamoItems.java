package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts items between DynamoDB's wire shape and plain Java, for tests: S is a {@code String}, N a
 * {@code BigDecimal}, B a {@code byte[]}, BOOL a {@code Boolean}, NULL {@code null}, M a {@code Map}, L a
 * {@code List}, SS/NS/BS a {@code Set} of the scalar kind.
 */
public final class DynamoItems {

    private DynamoItems() {
    }

    /** An item (attribute name to wire value) as a map of plain Java values, in attribute order. */
    public static Map<String, Object> toJava(JsonNode item) {
        var out = new LinkedHashMap<String, Object>();
        item.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
        return out;
    }

    private static Object value(JsonNode av) {
        String type = AttributeValues.type(av);
        JsonNode v = av.get(type);
        return switch (type) {
            case "S" -> v.textValue();
            case "N" -> new BigDecimal(v.textValue());
            case "B" -> Base64.getDecoder().decode(v.textValue());
            case "BOOL" -> v.booleanValue();
            case "NULL" -> null;
            case "M" -> toJava(v);
            case "L" -> {
                var list = new ArrayList<Object>();
                v.forEach(e -> list.add(value(e)));
                yield list;
            }
            default -> {
                Set<Object> set = new LinkedHashSet<>();
                v.forEach(e -> set.add(switch (type) {
                    case "SS" -> e.textValue();
                    case "NS" -> new BigDecimal(e.textValue());
                    default -> Base64.getDecoder().decode(e.textValue());
                }));
                yield set;
            }
        };
    }

    /** A map of plain Java values as a wire item: the inverse of {@link #toJava(JsonNode)}. */
    public static ObjectNode fromJava(Map<String, ?> item) {
        ObjectNode out = AttributeValues.NODES.objectNode();
        item.forEach((name, value) -> out.set(name, attributeValue(value)));
        return out;
    }

    private static ObjectNode attributeValue(Object value) {
        ObjectNode av = AttributeValues.NODES.objectNode();
        switch (value) {
            case null -> av.put("NULL", true);
            case String s -> av.put("S", s);
            case Number n -> av.put("N", new BigDecimal(n.toString()).toPlainString());
            case Boolean b -> av.put("BOOL", b);
            case byte[] bytes -> av.put("B", Base64.getEncoder().encodeToString(bytes));
            case Map<?, ?> map -> {
                ObjectNode m = av.putObject("M");
                map.forEach((k, v) -> m.set(String.valueOf(k), attributeValue(v)));
            }
            case List<?> list -> {
                ArrayNode l = av.putArray("L");
                list.forEach(v -> l.add(attributeValue(v)));
            }
            case Set<?> set -> {
                Object first = set.iterator().hasNext() ? set.iterator().next() : "";
                String type = first instanceof Number ? "NS" : first instanceof byte[] ? "BS" : "SS";
                ArrayNode elements = av.putArray(type);
                for (Object e : (Collection<?>) set) {
                    elements.add(e instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
                            : e instanceof Number n ? new BigDecimal(n.toString()).toPlainString() : e.toString());
                }
            }
            default -> throw new IllegalArgumentException("No DynamoDB type for " + value.getClass().getName());
        }
        return av;
    }
}
