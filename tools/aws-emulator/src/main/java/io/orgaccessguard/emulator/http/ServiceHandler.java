package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.util.Map;

/**
 * One emulated AWS service: how its requests are addressed on the wire, and the shared state and authorizer its
 * operations use. Implementations are stateless apart from that shared state.
 */
public abstract class ServiceHandler {

    /**
     * How requests reach a service: the SigV4 signing name that routes to it ({@code iam}, {@code sts}, ...), its
     * protocol, and what the protocol names it by: the XML namespace of query responses, or the {@code X-Amz-Target}
     * prefix of JSON operations (dot included).
     */
    public record Wire(String signingName, Protocol protocol, String xmlNamespace, String jsonTargetPrefix) {

        public static Wire query(String signingName, String xmlNamespace) {
            return new Wire(signingName, Protocol.QUERY, xmlNamespace, null);
        }

        public static Wire json(String signingName, Protocol protocol, String jsonTargetPrefix) {
            return new Wire(signingName, protocol, "", jsonTargetPrefix);
        }

        public static Wire restXml(String signingName) {
            return new Wire(signingName, Protocol.REST_XML, "", null);
        }
    }

    protected final EmulatorState state;
    protected final Authorizer authorizer;
    private final Wire wire;

    protected ServiceHandler(Wire wire, EmulatorState state, Authorizer authorizer) {
        this.wire = wire;
        this.state = state;
        this.authorizer = authorizer;
    }

    public final String signingName() {
        return wire.signingName();
    }

    public final Protocol protocol() {
        return wire.protocol();
    }

    /** The XML namespace of query responses; empty for other protocols. */
    public final String xmlNamespace() {
        return wire.xmlNamespace();
    }

    /** JSON protocols: the {@code X-Amz-Target} prefix of this service's operations, dot included; otherwise null. */
    public final String jsonTargetPrefix() {
        return wire.jsonTargetPrefix();
    }

    /**
     * The query protocol's answer to an action this service does not have; the API version is the last segment of
     * its namespace ({@code https://iam.amazonaws.com/doc/2010-05-08/}).
     */
    protected final AwsException invalidAction(AwsRequest request) {
        String namespace = wire.xmlNamespace();
        String version = namespace.substring(namespace.lastIndexOf('/', namespace.length() - 2) + 1,
                namespace.length() - 1);
        return new AwsException("InvalidAction", 400,
                "Could not find operation " + request.action() + " for version " + version);
    }

    /** REST protocols: the operation a request names (from method, path and query); throws when it names none. */
    public String restAction(RestRequest request) {
        return null;
    }

    /** The error this service answers when the emulator throttles the request (token buckets). */
    public AwsException throttled(AwsRequest request) {
        return Faults.throttled(signingName());
    }

    /** JSON protocols: the error body ({@code __type}, message member and extras). */
    public ObjectNode jsonError(AwsException e) {
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
    public Map<String, String> errorHeaders(AwsException e) {
        return Map.of();
    }

    /** Handles an authenticated request; throws {@link AwsException} for every error answer. */
    public abstract ServiceResponse handle(AwsRequest request);
}
