package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, checked and tracked: every
 * placeholder an expression uses must be defined, and every one defined must be used by some expression of the request
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeNames.html and
 * Expressions.ExpressionAttributeValues.html). Names that are reserved words must go through a placeholder.
 */
final class ExpressionAttributes {

    /**
     * DynamoDB's reserved words, from https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html
     * ("This list isn't case-sensitive").
     */
    private static final Set<String> RESERVED = loadReservedWords();

    private final Map<String, String> names;
    private final Map<String, JsonNode> values;
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    private ExpressionAttributes(Map<String, String> names, Map<String, JsonNode> values) {
        this.names = names;
        this.values = values;
    }

    /**
     * Reads and validates both maps from a request.
     *
     * @param expressionMembers the request's expression parameters, to word DynamoDB's "can only be specified when
     *     using expressions" error when they are all absent
     */
    static ExpressionAttributes of(JsonNode request, List<String> expressionMembers) {
        JsonNode namesNode = request.get("ExpressionAttributeNames");
        JsonNode valuesNode = request.get("ExpressionAttributeValues");
        boolean anyExpression = expressionMembers.stream().anyMatch(m -> request.hasNonNull(m));
        if (!anyExpression && namesNode != null && !namesNode.isNull()) {
            throw AttributeValues.validation("ExpressionAttributeNames can only be specified when using expressions");
        }
        if (!anyExpression && valuesNode != null && !valuesNode.isNull()) {
            throw AttributeValues.validation("ExpressionAttributeValues can only be specified when using expressions: "
                    + String.join(" and ", expressionMembers) + " is null");
        }
        var names = new LinkedHashMap<String, String>();
        if (namesNode != null && !namesNode.isNull()) {
            if (namesNode.isEmpty()) {
                throw AttributeValues.validation("ExpressionAttributeNames must not be empty");
            }
            namesNode.properties().forEach(e -> {
                if (!e.getKey().startsWith("#") || e.getKey().length() < 2) {
                    throw AttributeValues.validation("ExpressionAttributeNames contains invalid key: Syntax error; "
                            + "key: \"" + e.getKey() + "\"");
                }
                if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                    throw AttributeValues.validation("ExpressionAttributeNames contains invalid value: Empty "
                            + "attribute name for key " + e.getKey());
                }
                names.put(e.getKey(), e.getValue().textValue());
            });
        }
        var values = new LinkedHashMap<String, JsonNode>();
        if (valuesNode != null && !valuesNode.isNull()) {
            if (valuesNode.isEmpty()) {
                throw AttributeValues.validation("ExpressionAttributeValues must not be empty");
            }
            valuesNode.properties().forEach(e -> {
                if (!e.getKey().startsWith(":") || e.getKey().length() < 2) {
                    throw AttributeValues.validation("ExpressionAttributeValues contains invalid key: Syntax error; "
                            + "key: \"" + e.getKey() + "\"");
                }
                try {
                    values.put(e.getKey(), AttributeValues.checked(e.getValue()));
                } catch (io.orgaccessguard.emulator.http.AwsException invalid) {
                    throw AttributeValues.validation("ExpressionAttributeValues contains invalid value: "
                            + invalid.getMessage() + " for key " + e.getKey());
                }
            });
        }
        return new ExpressionAttributes(names, values);
    }

    /** The attribute name a {@code #placeholder} stands for. */
    String name(String placeholder, String expressionMember) {
        String name = names.get(placeholder);
        if (name == null) {
            throw AttributeValues.validation("Invalid " + expressionMember + ": An expression attribute name used in "
                    + "the document path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    /** A literal attribute name in an expression, refused when it is a reserved word. */
    static String literalName(String name, String expressionMember) {
        if (RESERVED.contains(name.toUpperCase(Locale.ROOT))) {
            throw AttributeValues.validation("Invalid " + expressionMember + ": Attribute name is a reserved keyword; "
                    + "reserved keyword: " + name);
        }
        return name;
    }

    JsonNode value(String placeholder, String expressionMember) {
        JsonNode value = values.get(placeholder);
        if (value == null) {
            throw AttributeValues.validation("Invalid " + expressionMember + ": An expression attribute value used in "
                    + "expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** After every expression of the request is parsed: defined but unused placeholders are an error. */
    void requireAllUsed() {
        var unusedNames = new TreeSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw AttributeValues.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        var unusedValues = new TreeSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw AttributeValues.validation("Value provided in ExpressionAttributeValues unused in expressions: "
                    + "keys: {" + String.join(", ", unusedValues) + "}");
        }
    }

    private static Set<String> loadReservedWords() {
        try (InputStream in = ExpressionAttributes.class.getResourceAsStream("/dynamodb-reserved-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("dynamodb-reserved-words.txt is missing from the classpath");
            }
            var words = new HashSet<String>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String word = line.strip();
                if (!word.isEmpty() && !word.startsWith("#")) {
                    words.add(word.toUpperCase(Locale.ROOT));
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
