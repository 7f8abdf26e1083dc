package io.orgaccessguard.emulator.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.QueryParams;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** SNS Publish input rules: subject, message size and structure, message attributes. */
final class PublishValidator {

    static final int MAX_MESSAGE_BYTES = 262_144;
    static final int MAX_ATTRIBUTES = 10;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

    private PublishValidator() {
    }

    /**
     * Subjects are ASCII text up to 100 characters that begin with a letter, number or punctuation mark and hold no
     * line breaks or control characters.
     */
    static void subject(String subject) {
        if (subject == null) {
            return;
        }
        boolean valid = !subject.isEmpty() && subject.length() <= 100;
        for (int i = 0; valid && i < subject.length(); i++) {
            char c = subject.charAt(i);
            valid = c >= 0x20 && c < 0x7F;
        }
        if (valid) {
            char first = subject.charAt(0);
            valid = Character.isLetterOrDigit(first) || isPunctuation(first);
        }
        if (!valid) {
            throw invalidParameter("Subject");
        }
    }

    private static boolean isPunctuation(char c) {
        return c > 0x20 && c < 0x7F && !Character.isLetterOrDigit(c);
    }

    /** With {@code MessageStructure=json} the message must be a JSON object of strings with a {@code default} key. */
    static void structure(String messageStructure, String message) {
        if (messageStructure == null) {
            return;
        }
        if (!"json".equals(messageStructure)) {
            throw invalidParameter("MessageStructure");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(message);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new AwsException("InvalidParameter", 400,
                    "Invalid parameter: Message Structure - JSON message body failed to parse");
        }
        if (!node.has("default")) {
            throw new AwsException("InvalidParameter", 400,
                    "Invalid parameter: Message Structure - No default entry in JSON message body");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new AwsException("InvalidParameter", 400, "Invalid parameter: Message Structure - "
                        + "JSON message body value for key '" + e.getKey() + "' is not a string");
            }
        }
    }

    /** Reads and validates {@code MessageAttributes.entry.N.Name / .Value.DataType / .Value.StringValue}. */
    static Map<String, MessageAttribute> attributes(QueryParams p) {
        var out = new LinkedHashMap<String, MessageAttribute>();
        String prefix = "MessageAttributes.entry";
        var indices = p.indices(prefix);
        if (indices.size() > MAX_ATTRIBUTES) {
            throw new AwsException("InvalidParameterValue", 400, "Number of message attributes [" + indices.size()
                    + "] exceeds the allowed maximum [" + MAX_ATTRIBUTES + "].");
        }
        for (int i : indices) {
            String base = prefix + "." + i + ".";
            String name = p.getOrNull(base + "Name");
            if (name == null || name.isEmpty()) {
                throw new AwsException("InvalidParameterValue", 400, "The message attribute name must not be empty.");
            }
            checkName(name);
            String type = p.getOrNull(base + "Value.DataType");
            if (type == null || type.isEmpty()) {
                throw new AwsException("InvalidParameterValue", 400,
                        "The message attribute '" + name + "' must contain non-empty message attribute type.");
            }
            String baseType = type.contains(".") && !type.startsWith("String.Array")
                    ? type.substring(0, type.indexOf('.')) : type;
            String value;
            switch (baseType) {
                case "String", "Number", "String.Array" -> value = p.getOrNull(base + "Value.StringValue");
                case "Binary" -> value = p.getOrNull(base + "Value.BinaryValue");
                default -> throw new AwsException("InvalidParameterValue", 400, "The message attribute '" + name
                        + "' has an invalid message attribute type, the set of supported type prefixes is Binary, "
                        + "Number, and String.");
            }
            if (value == null || value.isEmpty()) {
                throw new AwsException("InvalidParameterValue", 400, "The message attribute '" + name
                        + "' must contain non-empty message attribute value for message attribute type '"
                        + baseType + "'.");
            }
            if ("Number".equals(baseType)) {
                try {
                    new BigDecimal(value.strip());
                } catch (NumberFormatException e) {
                    throw new AwsException("InvalidParameterValue", 400,
                            "Could not cast message attribute '" + name + "' value to number.");
                }
            }
            if ("String.Array".equals(baseType)) {
                try {
                    if (!MAPPER.readTree(value).isArray()) {
                        throw new IOException("not an array");
                    }
                } catch (IOException e) {
                    throw new AwsException("InvalidParameterValue", 400, "Invalid value for message attribute '"
                            + name + "' of type String.Array: the value must be a JSON array.");
                }
            }
            if (out.put(name, new MessageAttribute(name, type, value)) != null) {
                throw new AwsException("InvalidParameterValue", 400,
                        "Message attribute name '" + name + "' has already been used.");
            }
        }
        return out;
    }

    private static void checkName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw new AwsException("InvalidParameterValue", 400, "Invalid message attribute name '" + name
                    + "': it can only include alphanumeric characters, hyphens, underscores, or dots, "
                    + "up to 256 characters.");
        }
        if (lower.startsWith("aws.") || lower.startsWith("amazon.")) {
            throw new AwsException("InvalidParameterValue", 400, "You can't use the reserved prefixes AWS. or "
                    + "Amazon. in the message attribute name '" + name + "'.");
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw new AwsException("InvalidParameterValue", 400, "Message attribute name '" + name
                    + "' can't start or end with a period, or contain consecutive periods.");
        }
    }

    /** Message and attributes together must fit in 256 KiB. */
    static void size(String message, Map<String, MessageAttribute> attributes) {
        long total = message.getBytes(StandardCharsets.UTF_8).length;
        for (MessageAttribute a : attributes.values()) {
            total += a.size();
        }
        if (total > MAX_MESSAGE_BYTES) {
            throw new AwsException("InvalidParameter", 400, "Invalid parameter: Message too long");
        }
    }

    static AwsException invalidParameter(String name) {
        return new AwsException("InvalidParameter", 400, "Invalid parameter: " + name);
    }
}
