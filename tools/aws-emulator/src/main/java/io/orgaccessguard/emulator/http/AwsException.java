package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer exactly as the service would send it: the wire code, the HTTP status and the message, plus any
 * extra members the service's error shape carries (Organizations' {@code Reason}, S3's {@code <Key>}, for
 * instance).
 */
public final class AwsException extends RuntimeException {

    private final String code;
    private final int status;
    private final Map<String, String> extraFields;
    private final Map<String, JsonNode> jsonFields = new LinkedHashMap<>();

    public AwsException(String code, int status, String message) {
        this(code, status, message, Map.of());
    }

    public AwsException(String code, int status, String message, Map<String, String> extraFields) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
        this.extraFields = new LinkedHashMap<>(extraFields);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Extra top-level members of a JSON error body (ignored by the query protocol). */
    public Map<String, String> extraFields() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraFields));
    }

    /** Adds a structured member to the JSON error body (DynamoDB's {@code Item}, {@code throttlingReasons}). */
    public AwsException withJson(String member, JsonNode value) {
        jsonFields.put(member, value);
        return this;
    }

    public Map<String, JsonNode> jsonFields() {
        return Map.copyOf(jsonFields);
    }

    /** 4xx errors are the caller's fault ({@code Sender}), 5xx the service's ({@code Receiver}). */
    public boolean senderFault() {
        return status < 500;
    }
}
