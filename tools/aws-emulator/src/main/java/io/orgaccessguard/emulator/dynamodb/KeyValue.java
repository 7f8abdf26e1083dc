package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A key attribute's value (S, N or B), normalised so that equal keys are equal records, ordered as DynamoDB orders
 * sort keys: numbers by value, strings by their UTF-8 bytes, binary by unsigned bytes ("Query results are always sorted
 * by the sort key value ... otherwise, the results are returned in order of UTF-8 bytes", API_Query).
 */
public record KeyValue(String type, String text) implements Comparable<KeyValue> {

    /** The sort key of every item of a table without one. */
    static final KeyValue NONE = new KeyValue("", "");

    static KeyValue of(JsonNode attributeValue) {
        String type = AttributeValues.type(attributeValue);
        return new KeyValue(type, attributeValue.get(type).textValue());
    }

    ObjectNode toAttributeValue() {
        return AttributeValues.NODES.objectNode().put(type, text);
    }

    @Override
    public int compareTo(KeyValue other) {
        if (!type.equals(other.type)) {
            return type.compareTo(other.type);
        }
        return switch (type) {
            case "N" -> new BigDecimal(text).compareTo(new BigDecimal(other.text));
            case "S" -> AttributeValues.unsigned(text.getBytes(StandardCharsets.UTF_8),
                    other.text.getBytes(StandardCharsets.UTF_8));
            case "B" -> AttributeValues.unsigned(Base64.getDecoder().decode(text), Base64.getDecoder().decode(other.text));
            default -> 0;
        };
    }
}
