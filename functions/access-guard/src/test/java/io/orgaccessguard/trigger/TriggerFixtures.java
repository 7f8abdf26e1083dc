package io.orgaccessguard.trigger;

import io.orgaccessguard.json.Json;

/**
 * Events and requests shared by the trigger tests. The first six are verbatim copies of {@code events/*.json} at the
 * repository root (copied, not read, so that this module builds on its own).
 */
final class TriggerFixtures {

    static final String MANAGEMENT_ACCOUNT_ID = "111111111111";
    static final String EVENT_TIME = "2026-11-20T09:14:03Z";

    /** {@code events/account-joined-api-call.json}: the new account under additionalEventData.newAccountId. */
    static final String ACCOUNT_JOINED_API_CALL = """
            {
              "version": "0",
              "id": "9b0d7c55-0f3e-4bb8-8f5a-2c6f1e4d3a90",
              "detail-type": "AWS API Call via CloudTrail",
              "source": "aws.organizations",
              "account": "111111111111",
              "time": "2026-11-20T09:14:03Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.11",
                "userIdentity": {
                  "type": "AWSService",
                  "invokedBy": "organizations.amazonaws.com"
                },
                "eventTime": "2026-11-20T09:14:03Z",
                "eventSource": "organizations.amazonaws.com",
                "eventName": "AccountJoinedOrganization",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "organizations.amazonaws.com",
                "userAgent": "organizations.amazonaws.com",
                "requestParameters": null,
                "responseElements": null,
                "additionalEventData": {
                  "newAccountId": "222222222222",
                  "joinedMethod": "INVITED",
                  "joinedTimestamp": "2026-11-20T09:14:02Z"
                },
                "eventID": "0c4e2f7a-1b3d-4e5f-8a9b-7c6d5e4f3a21",
                "readOnly": false,
                "eventType": "AwsServiceEvent",
                "managementEvent": true,
                "recipientAccountId": "111111111111",
                "eventCategory": "Management"
              }
            }
            """;

    /** {@code events/account-joined-unknown-shape.json}: no field names the new account. */
    static final String ACCOUNT_JOINED_UNKNOWN_SHAPE = """
            {
              "version": "0",
              "id": "c1a2b3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
              "detail-type": "AWS Service Event via CloudTrail",
              "source": "aws.organizations",
              "account": "111111111111",
              "time": "2026-11-20T09:14:03Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.11",
                "userIdentity": {
                  "accountId": "111111111111",
                  "invokedBy": "organizations.amazonaws.com"
                },
                "eventTime": "2026-11-20T09:14:03Z",
                "eventSource": "organizations.amazonaws.com",
                "eventName": "AccountJoinedOrganization",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "organizations.amazonaws.com",
                "userAgent": "organizations.amazonaws.com",
                "requestParameters": null,
                "responseElements": null,
                "serviceEventDetails": {
                  "joinedMethod": "INVITED"
                },
                "eventID": "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a",
                "readOnly": false,
                "eventType": "AwsServiceEvent",
                "managementEvent": true,
                "recipientAccountId": "111111111111",
                "eventCategory": "Management"
              }
            }
            """;

    /** {@code events/account-joined.json}: the new account under serviceEventDetails.accountId. */
    static final String ACCOUNT_JOINED = """
            {
              "version": "0",
              "id": "3e6c6f4e-6a0b-4b59-9d4e-0c1f5b2a7d10",
              "detail-type": "AWS Service Event via CloudTrail",
              "source": "aws.organizations",
              "account": "111111111111",
              "time": "2026-11-20T09:14:03Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.11",
                "userIdentity": {
                  "accountId": "111111111111",
                  "invokedBy": "organizations.amazonaws.com"
                },
                "eventTime": "2026-11-20T09:14:03Z",
                "eventSource": "organizations.amazonaws.com",
                "eventName": "AccountJoinedOrganization",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "organizations.amazonaws.com",
                "userAgent": "organizations.amazonaws.com",
                "requestParameters": null,
                "responseElements": null,
                "serviceEventDetails": {
                  "accountId": "333333333333",
                  "joinedMethod": "Invited",
                  "joinedTimestamp": "2026-11-20T09:14:02Z"
                },
                "eventID": "6d9a4c1e-58a1-4e77-a1e4-3b8c2f0d9e21",
                "readOnly": false,
                "eventType": "AwsServiceEvent",
                "managementEvent": true,
                "recipientAccountId": "111111111111",
                "eventCategory": "Management"
              }
            }
            """;

    /** {@code events/handshake-accepted-email-party.json}: invited by e-mail, so no ACCOUNT party. */
    static final String HANDSHAKE_ACCEPTED_EMAIL_PARTY = """
            {
              "version": "0",
              "id": "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
              "detail-type": "AWS API Call via CloudTrail",
              "source": "aws.organizations",
              "account": "111111111111",
              "time": "2026-11-20T09:14:03Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.09",
                "userIdentity": {
                  "type": "Root",
                  "principalId": "555555555555",
                  "arn": "arn:aws:iam::555555555555:root",
                  "accountId": "555555555555"
                },
                "eventTime": "2026-11-20T09:14:03Z",
                "eventSource": "organizations.amazonaws.com",
                "eventName": "AcceptHandshake",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "198.51.100.7",
                "userAgent": "console.amazonaws.com",
                "requestParameters": {
                  "handshakeId": "h-examplehandshake555"
                },
                "responseElements": {
                  "handshake": {
                    "id": "h-examplehandshake555",
                    "arn": "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshake555",
                    "parties": [
                      {"id": "exampleorgid", "type": "ORGANIZATION"},
                      {"id": "billing@legacy.example.com", "type": "EMAIL"}
                    ],
                    "state": "ACCEPTED",
                    "action": "invite",
                    "resources": [
                      {"value": "o-exampleorgid", "type": "ORGANIZATION"}
                    ]
                  }
                },
                "requestID": "2a3b4c5d-6e7f-4809-9a1b-2c3d4e5f6a7b",
                "eventID": "3b4c5d6e-7f80-4912-ab2c-3d4e5f6a7b8c",
                "readOnly": false,
                "eventType": "AwsApiCall",
                "managementEvent": true,
                "recipientAccountId": "111111111111",
                "eventCategory": "Management"
              }
            }
            """;

    /** {@code events/handshake-accepted.json}: the joining account is the ACCOUNT party and the caller. */
    static final String HANDSHAKE_ACCEPTED = """
            {
              "version": "0",
              "id": "5a1f2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c",
              "detail-type": "AWS API Call via CloudTrail",
              "source": "aws.organizations",
              "account": "111111111111",
              "time": "2026-11-20T09:14:03Z",
              "region": "us-east-1",
              "resources": [],
              "detail": {
                "eventVersion": "1.09",
                "userIdentity": {
                  "type": "IAMUser",
                  "principalId": "AIDAEXAMPLEMEMBER4444",
                  "arn": "arn:aws:iam::444444444444:user/admin",
                  "accountId": "444444444444",
                  "userName": "admin"
                },
                "eventTime": "2026-11-20T09:14:03Z",
                "eventSource": "organizations.amazonaws.com",
                "eventName": "AcceptHandshake",
                "awsRegion": "us-east-1",
                "sourceIPAddress": "203.0.113.10",
                "userAgent": "aws-cli/2.22.0",
                "requestParameters": {
                  "handshakeId": "h-examplehandshake444"
                },
                "responseElements": {
                  "handshake": {
                    "id": "h-examplehandshake444",
                    "arn": "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshake444",
                    "parties": [
                      {"id": "exampleorgid", "type": "ORGANIZATION"},
                      {"id": "444444444444", "type": "ACCOUNT"}
                    ],
                    "state": "ACCEPTED",
                    "requestedTimestamp": "Nov 19, 2026, 4:02:11 PM",
                    "expirationTimestamp": "Dec 4, 2026, 4:02:11 PM",
                    "action": "INVITE",
                    "resources": [
                      {"value": "o-exampleorgid", "type": "ORGANIZATION"}
                    ]
                  }
                },
                "requestID": "8f7e6d5c-4b3a-4291-8e7d-6c5b4a392817",
                "eventID": "1e2d3c4b-5a69-4788-9766-5a4b3c2d1e0f",
                "readOnly": false,
                "eventType": "AwsApiCall",
                "managementEvent": true,
                "recipientAccountId": "111111111111",
                "eventCategory": "Management"
              }
            }
            """;

    /** {@code events/manual-recheck.json}: a manual request, not an event. */
    static final String MANUAL_RECHECK = """
            {
              "accountIds": ["444444444444"],
              "dryRun": false
            }
            """;

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

    /** An AcceptHandshake whose handshake has this state, action and parties; the caller is 444444444444. */
    static String handshake(String state, String action, String parties) {
        return acceptHandshakeWith("""
                "userIdentity": {"type": "IAMUser", "accountId": "444444444444"},
                "responseElements": {"handshake": {"id": "h-examplehandshake444", "state": "%s", "action": "%s",
                  "parties": %s}}
                """.formatted(state, action, parties));
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
