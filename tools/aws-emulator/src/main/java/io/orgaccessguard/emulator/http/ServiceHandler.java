package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.faults.Faults;
import java.util.Map;

/** One emulated AWS service. Implementations are stateless apart from the shared state they are given. */
public interface ServiceHandler {

    /** The SigV4 signing name that routes to this service ({@code iam}, {@code sts}, ...). */
    String signingName();

    Protocol protocol();

    /** The XML namespace of query responses; unused for other protocols. */
    default String xmlNamespace() {
        return "";
    }

    /** JSON protocols: the {@code X-Amz-Target} prefix of this service's operations, dot included. */
    default String jsonTargetPrefix() {
        return null;
    }

    /** REST protocols: the operation a request names (from method, path and query); throws when it names none. */
    default String restAction(RestRequest request) {
        return null;
    }

    /** The error this service answers when the emulator throttles the request (token buckets). */
    default AwsException throttled(AwsRequest request) {
        return Faults.throttled(signingName());
    }

    /** JSON protocols: the error body ({@code __type}, message member and extras). */
    default ObjectNode jsonError(AwsException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("__type", e.code());
        if (e.getMessage() != null) {
            body.put("Message", e.getMessage());
        }
        e.extraFields().forEach(body::put);
        e.jsonFields().forEach(body::set);
        return body;
    }

    /** Headers added to an error answer (beyond the request ID and content type). */
    default Map<String, String> errorHeaders(AwsException e) {
        return Map.of();
    }

    /** Handles an authenticated request; throws {@link AwsException} for every error answer. */
    ServiceResponse handle(AwsRequest request);
}
