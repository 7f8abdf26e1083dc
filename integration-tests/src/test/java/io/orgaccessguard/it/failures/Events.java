package io.orgaccessguard.it.failures;

import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** EventBridge events for the failure cases: the example files of events/, bent one way at a time. */
final class Events {

    static final String SOURCE = "aws.organizations";
    static final String API_CALL = "AWS API Call via CloudTrail";
    static final String SERVICE_EVENT = "AWS Service Event via CloudTrail";

    private Events() {
    }

    /** {@code events/account-joined.json} naming {@code accountId} in {@code serviceEventDetails}. */
    static String accountJoined(String accountId) {
        return Repo.event("account-joined.json").replace("333333333333", accountId);
    }

    /**
     * An {@code AccountJoinedOrganization} API-call event whose {@code additionalEventData.newAccountId} is the raw
     * JSON value given (a string in quotes, a number, an array...).
     */
    static String accountJoinedWithRawId(String rawJsonValue) {
        return envelope(SOURCE, API_CALL, """
                {"eventVersion": "1.11", "eventTime": "2026-11-20T09:14:03Z",
                 "eventSource": "organizations.amazonaws.com", "eventName": "AccountJoinedOrganization",
                 "userIdentity": {"type": "AWSService", "invokedBy": "organizations.amazonaws.com"},
                 "additionalEventData": {"newAccountId": %s, "joinedMethod": "INVITED"},
                 "recipientAccountId": "111111111111"}""".formatted(rawJsonValue));
    }

    /** {@code AcceptHandshake} by {@code accountId} of a handshake in the given state and of the given action. */
    static String handshake(String accountId, String state, String action) {
        return envelope(SOURCE, API_CALL, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "AcceptHandshake",
                 "userIdentity": {"type": "Root", "accountId": "%1$s", "arn": "arn:aws:iam::%1$s:root"},
                 "requestParameters": {"handshakeId": "h-failurecase0001"},
                 "responseElements": {"handshake": {"id": "h-failurecase0001", "state": "%2$s", "action": "%3$s",
                   "parties": [{"id": "test1a2b3c4d", "type": "ORGANIZATION"}, {"id": "%1$s", "type": "ACCOUNT"}]}},
                 "recipientAccountId": "111111111111"}""".formatted(accountId, state, action));
    }

    /** A CloudTrail event of Organizations with another event name (DeclineHandshake, CreateAccount, ...). */
    static String organizationsEvent(String eventName, String accountId) {
        return envelope(SOURCE, API_CALL, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "%s", "userIdentity": {"type": "Root", "accountId": "%s"},
                 "requestParameters": {"handshakeId": "h-failurecase0001"},
                 "additionalEventData": {"newAccountId": "%2$s"},
                 "recipientAccountId": "111111111111"}""".formatted(eventName, accountId));
    }

    /** An event with the given envelope and the raw JSON text of its {@code detail}. */
    static String envelope(String source, String detailType, String detailJson) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "0");
        event.put("id", "5f1e7b3c-failure-case");
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", Accounts.MANAGEMENT);
        event.put("time", "2026-11-20T09:14:03Z");
        event.put("region", "us-east-1");
        event.put("resources", List.of());
        String head = Json.write(event);
        return head.substring(0, head.length() - 1) + ",\"detail\":" + detailJson + "}";
    }

    /** The event without its {@code detail}, or with {@code detail} replaced by the raw JSON value given. */
    static String withDetail(String rawDetailOrNull) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "0");
        event.put("detail-type", API_CALL);
        event.put("source", SOURCE);
        event.put("account", Accounts.MANAGEMENT);
        event.put("time", "2026-11-20T09:14:03Z");
        String head = Json.write(event);
        return rawDetailOrNull == null ? head
                : head.substring(0, head.length() - 1) + ",\"detail\":" + rawDetailOrNull + "}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) Json.parse(json);
    }
}
