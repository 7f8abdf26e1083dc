package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.orgaccessguard.emulator.auth.Principal;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One parsed, authenticated API request as a handler sees it. The handler may note the account it acted on
 * ({@link #targetAccount(String)}) so that the call record shows it.
 */
public final class AwsRequest {

    private final String service;
    private final String action;
    private final String region;
    private final String requestId;
    private final QueryParams params;
    private final JsonNode json;
    private final RestRequest rest;
    private final Principal caller;
    private volatile String targetAccount;
    private final Map<String, String> loggedParameters = new ConcurrentHashMap<>();

    public AwsRequest(String service, String action, String region, String requestId, QueryParams params,
                      JsonNode json, Principal caller) {
        this(service, action, region, requestId, params, json, null, caller);
    }

    /** @param caller null for an anonymous (unsigned) REST request */
    public AwsRequest(String service, String action, String region, String requestId, QueryParams params,
                      JsonNode json, RestRequest rest, Principal caller) {
        this.service = service;
        this.action = action;
        this.region = region;
        this.requestId = requestId;
        this.params = params == null ? QueryParams.parse("") : params;
        this.json = json == null ? JsonNodeFactory.instance.objectNode() : json;
        this.rest = rest;
        this.caller = caller;
    }

    public String service() {
        return service;
    }

    public String action() {
        return action;
    }

    /** The region of the SigV4 credential scope (SNS ARNs are regional). */
    public String region() {
        return region;
    }

    public String requestId() {
        return requestId;
    }

    /** Query-protocol parameters (empty for JSON requests). */
    public QueryParams params() {
        return params;
    }

    /** The JSON body of a JSON-protocol request (an empty object for query requests). */
    public JsonNode json() {
        return json;
    }

    /** The HTTP request of a REST-protocol call (S3); null for the other protocols. */
    public RestRequest rest() {
        return rest;
    }

    /** Null for an anonymous REST request; every other protocol requires a signed caller. */
    public Principal caller() {
        return caller;
    }

    public String targetAccount() {
        return targetAccount;
    }

    public void targetAccount(String accountId) {
        this.targetAccount = accountId;
    }

    /** Notes a parameter for the call log (REST requests carry theirs in the path and headers). */
    public void logParameter(String name, String value) {
        if (value != null) {
            loggedParameters.put(name, value);
        }
    }

    public Map<String, String> loggedParameters() {
        return new TreeMap<>(loggedParameters);
    }
}
