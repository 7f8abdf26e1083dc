package io.orgaccessguard.trigger;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;

/**
 * Events and requests shared by the trigger tests. The examples are the files of {@code events/} at the repository
 * root, read, not copied; the builders below make the minimal and hostile shapes no example has.
 */
final class TriggerFixtures {

    /** {@code events/account-joined-api-call.json}: the new account under additionalEventData.newAccountId. */
    static final String ACCOUNT_JOINED_API_CALL = EventFiles.read("account-joined-api-call.json");
    /** {@code events/account-joined-unknown-shape.json}: no field names the new account. */
    static final String ACCOUNT_JOINED_UNKNOWN_SHAPE = EventFiles.read("account-joined-unknown-shape.json");
    /** {@code events/account-joined.json}: the new account under serviceEventDetails.accountId. */
    static final String ACCOUNT_JOINED = EventFiles.read("account-joined.json");
    /** {@code events/handshake-accepted-email-party.json}: invited by e-mail, so no ACCOUNT party. */
    static final String HANDSHAKE_ACCEPTED_EMAIL_PARTY = EventFiles.read("handshake-accepted-email-party.json");
    /** {@code events/handshake-accepted.json}: the joining account is the ACCOUNT party and the caller. */
    static final String HANDSHAKE_ACCEPTED = EventFiles.read("handshake-accepted.json");
    /** {@code events/manual-recheck.json}: a manual request, not an event. */
    static final String MANUAL_RECHECK = EventFiles.read("manual-recheck.json");

    static final String OU_ID = "ou-ab12-cdef3456";
    static final String ROOT_ID = "r-ab12";
    static final String ACCOUNT_A = "111122223333";
    static final String ACCOUNT_B = "444455556666";
    static final String CURSOR = "eyJuZXh0IjoiNDQ0NDU1NTU2NjY2In0=_-";

    private TriggerFixtures() {
    }

    static Object json(String text) {
        return Json.parse(text);
    }

    /** An aws.organizations CloudTrail envelope around {@code detail} (JSON text, or any JSON value). */
    static String envelope(String detailType, String detail) {
        return """
                {"version": "0", "id": "0d2f5a8e-0000-4000-8000-000000000001", "detail-type": "%s",
                 "source": "aws.organizations", "account": "111111111111", "time": "2026-11-20T09:14:03Z",
                 "region": "us-east-1", "resources": [], "detail": %s}
                """.formatted(detailType, detail);
    }

    /** A service event {@code AccountJoinedOrganization} whose detail carries {@code extraDetailFields}. */
    static String accountJoinedWith(String extraDetailFields) {
        return envelope("AWS Service Event via CloudTrail", """
                {"eventVersion": "1.11", "eventTime": "2026-11-20T09:14:03Z",
                 "eventSource": "organizations.amazonaws.com", "eventName": "AccountJoinedOrganization",
                 "userIdentity": {"accountId": "111111111111", "invokedBy": "organizations.amazonaws.com"},
                 "recipientAccountId": "111111111111", %s}
                """.formatted(extraDetailFields));
    }

    /** A successful {@code AcceptHandshake} call whose detail carries {@code userIdentityAndResponse}. */
    static String acceptHandshakeWith(String userIdentityAndResponse) {
        return envelope("AWS API Call via CloudTrail", """
                {"eventVersion": "1.09", "eventTime": "2026-11-20T09:14:03Z",
                 "eventSource": "organizations.amazonaws.com", "eventName": "AcceptHandshake",
                 "requestParameters": {"handshakeId": "h-fromrequest"},
                 "recipientAccountId": "111111111111", %s}
                """.formatted(userIdentityAndResponse));
    }

    /**
     * {@code events/handshake-accepted.json} with this handshake state, action and parties (JSON text); the caller is
     * still 444444444444.
     */
    static String handshake(String state, String action, String parties) {
        return EventFiles.edit("handshake-accepted.json").set("detail.responseElements.handshake.state", state)
                .set("detail.responseElements.handshake.action", action)
                .setJson("detail.responseElements.handshake.parties", parties).json();
    }

    /** An organizations CloudTrail event with this name and no account in it. */
    static String eventNamed(String eventName) {
        return envelope("AWS API Call via CloudTrail", """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "%s", "userIdentity": {"accountId": "111111111111"},
                 "requestParameters": {"accountId": "777777777777"}}
                """.formatted(eventName));
    }
}
