package io.orgaccessguard.it.failures;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * EventBridge events for the failure cases: the example files of events/, bent one way at a time
 * ({@link EventFiles#edit(String)}), and the hostile shapes no example has ({@link #envelope}, {@link #withDetail}).
 */
final class Events {

    static final String SOURCE = "aws.organizations";
    static final String API_CALL = "AWS API Call via CloudTrail";
    static final String SERVICE_EVENT = "AWS Service Event via CloudTrail";

    private Events() {
    }

    /**
     * {@code events/account-joined-api-call.json} whose {@code additionalEventData.newAccountId} is the raw JSON value
     * given (a string in quotes, a number, an array...).
     */
    static String accountJoinedWithRawId(String rawJsonValue) {
        return EventFiles.edit("account-joined-api-call.json")
                .setJson("detail.additionalEventData.newAccountId", rawJsonValue).json();
    }

    /** {@code AcceptHandshake} by {@code accountId} of a handshake in the given state and of the given action. */
    static String handshake(String accountId, String state, String action) {
        return acceptedHandshake(accountId, state, action).json();
    }

    /**
     * {@code events/handshake-accepted.json} with {@code accountId}'s root as the caller and as the ACCOUNT party, and
     * the handshake in the given state and of the given action, to bend further.
     */
    static EventFiles.Edit acceptedHandshake(String accountId, String state, String action) {
        return EventFiles.edit("handshake-accepted.json")
                .set("detail.userIdentity", ordered("type", "Root", "accountId", accountId,
                        "arn", "arn:aws:iam::" + accountId + ":root"))
                .set("detail.responseElements.handshake.state", state)
                .set("detail.responseElements.handshake.action", action)
                .set("detail.responseElements.handshake.parties", List.of(
                        ordered("id", Fixtures.ORGANIZATION_ID.substring("o-".length()), "type", "ORGANIZATION"),
                        ordered("id", accountId, "type", "ACCOUNT")));
    }

    /**
     * {@code events/account-joined-api-call.json} renamed to another Organizations event (DeclineHandshake,
     * CreateAccount, ...), naming {@code accountId} as the caller and as the new account, and a handshake.
     */
    static String organizationsEvent(String eventName, String accountId) {
        return EventFiles.edit("account-joined-api-call.json")
                .set("detail.eventName", eventName)
                .set("detail.userIdentity", ordered("type", "Root", "accountId", accountId))
                .set("detail.requestParameters", ordered("handshakeId", "h-examplehandshake444"))
                .set("detail.additionalEventData.newAccountId", accountId).json();
    }

    private static Map<String, Object> ordered(Object... namesAndValues) {
        var object = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** An event with the given envelope and the raw JSON text of its {@code detail}. */
    static String envelope(String source, String detailType, String detailJson) {
        var event = new LinkedHashMap<String, Object>();
        event.put("version", "0");
        event.put("id", "5f1e7b3c-failure-case");
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", Fixtures.MANAGEMENT_ACCOUNT_ID);
        event.put("time", Fixtures.EVENT_TIME.toString());
        event.put("region", Fixtures.REGION);
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
        event.put("account", Fixtures.MANAGEMENT_ACCOUNT_ID);
        event.put("time", Fixtures.EVENT_TIME.toString());
        String head = Json.write(event);
        return rawDetailOrNull == null ? head
                : head.substring(0, head.length() - 1) + ",\"detail\":" + rawDetailOrNull + "}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) Json.parse(json);
    }
}
