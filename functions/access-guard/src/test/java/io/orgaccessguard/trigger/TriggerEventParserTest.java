package io.orgaccessguard.trigger;

import io.orgaccessguard.core.model.Trigger;

import static io.orgaccessguard.trigger.TriggerFixtures.ACCOUNT_JOINED;
import static io.orgaccessguard.trigger.TriggerFixtures.ACCOUNT_JOINED_API_CALL;
import static io.orgaccessguard.trigger.TriggerFixtures.ACCOUNT_JOINED_UNKNOWN_SHAPE;
import static io.orgaccessguard.trigger.TriggerFixtures.HANDSHAKE_ACCEPTED;
import static io.orgaccessguard.trigger.TriggerFixtures.HANDSHAKE_ACCEPTED_EMAIL_PARTY;
import static io.orgaccessguard.trigger.TriggerFixtures.MANUAL_RECHECK;
import static io.orgaccessguard.trigger.TriggerFixtures.acceptHandshakeWith;
import static io.orgaccessguard.trigger.TriggerFixtures.accountJoinedWith;
import static io.orgaccessguard.trigger.TriggerFixtures.envelope;
import static io.orgaccessguard.trigger.TriggerFixtures.eventNamed;
import static io.orgaccessguard.trigger.TriggerFixtures.handshake;
import static io.orgaccessguard.trigger.TriggerFixtures.json;
import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import io.orgaccessguard.testsupport.EventFiles;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TriggerEventParserTest {

    private static AccountJoined joined(String event) {
        Trigger trigger = TriggerEventParser.parse(json(event));
        assertThat(trigger).isInstanceOf(AccountJoined.class);
        return (AccountJoined) trigger;
    }

    private static NotAJoin notAJoin(Object event) {
        Trigger trigger = TriggerEventParser.parse(event);
        assertThat(trigger).isInstanceOf(NotAJoin.class);
        return (NotAJoin) trigger;
    }

    private static NotAJoin notAJoin(String event) {
        return notAJoin(json(event));
    }

    @Nested
    class ExampleEvents {

        @Test
        void parse_acceptedHandshakeWithAccountParty_namesThatAccountAndHandshake() {
            AccountJoined joined = joined(HANDSHAKE_ACCEPTED);

            assertThat(joined.eventName()).isEqualTo("AcceptHandshake");
            assertThat(joined.candidateAccountIds()).containsExactly("444444444444");
            assertThat(joined.handshakeId()).contains("h-examplehandshake444");
            assertThat(joined.joinedMethod()).contains("INVITED");
            assertThat(joined.eventTime()).isEqualTo(EVENT_TIME);
        }

        @Test
        void parse_acceptedHandshakeWithEmailParty_namesTheCallersAccount() {
            AccountJoined joined = joined(HANDSHAKE_ACCEPTED_EMAIL_PARTY);

            assertThat(joined.candidateAccountIds()).containsExactly("555555555555");
            assertThat(joined.handshakeId()).contains("h-examplehandshake555");
            assertThat(joined.joinedMethod()).contains("INVITED");
        }

        @Test
        void parse_accountJoinedServiceEvent_namesServiceEventDetailsAccountAndUpperCasesMethod() {
            AccountJoined joined = joined(ACCOUNT_JOINED);

            assertThat(joined.eventName()).isEqualTo("AccountJoinedOrganization");
            assertThat(joined.candidateAccountIds()).containsExactly("333333333333");
            assertThat(joined.handshakeId()).isEmpty();
            assertThat(joined.joinedMethod()).contains("INVITED");
            assertThat(joined.eventTime()).isEqualTo(EVENT_TIME);
        }

        @Test
        void parse_accountJoinedApiCall_namesNewAccountId() {
            AccountJoined joined = joined(ACCOUNT_JOINED_API_CALL);

            assertThat(joined.candidateAccountIds()).containsExactly("222222222222");
            assertThat(joined.joinedMethod()).contains("INVITED");
        }

        @Test
        void parse_accountJoinedOfUnknownShape_hasNoCandidateNotEvenTheRecipientOrCaller() {
            AccountJoined joined = joined(ACCOUNT_JOINED_UNKNOWN_SHAPE);

            assertThat(joined.candidateAccountIds()).isEmpty();
            assertThat(joined.joinedMethod()).contains("INVITED");
        }

        @Test
        void parse_manualRequest_isNotAJoin() {
            assertThat(notAJoin(MANUAL_RECHECK).reason()).contains("source");
        }
    }

    @Nested
    class NotAnOrganizationsJoin {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {"[]|an array", "\"text\"|a string", "42|a number", "null|null",
                "true|a boolean"})
        void parse_notAnObject_isNotAJoinDescribingWhatItIs(String event, String description) {
            assertThat(notAJoin(event).reason()).contains(description).contains("not a JSON object");
        }

        @Test
        void parse_otherSource_isNotAJoinNamingTheSource() {
            String event = EventFiles.edit("handshake-accepted.json").set("source", "aws.ec2").json();

            assertThat(notAJoin(event).reason()).contains("aws.ec2");
        }

        @Test
        void parse_missingSource_isNotAJoin() {
            assertThat(notAJoin("{\"detail-type\": \"AWS API Call via CloudTrail\", \"detail\": {}}").reason())
                    .contains("source");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Scheduled Event", "AWS Console Sign In via CloudTrail", "aws api call via cloudtrail"})
        void parse_otherDetailType_isNotAJoinNamingIt(String detailType) {
            String event = EventFiles.edit("account-joined.json").set("detail-type", detailType).json();

            assertThat(notAJoin(event).reason()).contains(detailType);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {"\"detail\"|a string", "[1, 2]|an array", "null|missing",
                "12|a number"})
        void parse_detailNotAnObject_isNotAJoinDescribingIt(String detail, String description) {
            assertThat(notAJoin(envelope("AWS API Call via CloudTrail", detail)).reason())
                    .contains("detail is " + description);
        }

        @Test
        void parse_detailMissing_isNotAJoin() {
            String event = "{\"source\": \"aws.organizations\", \"detail-type\": \"AWS API Call via CloudTrail\"}";

            assertThat(notAJoin(event).reason()).contains("detail is missing");
        }

        @Test
        void parse_eventSourceOfAnotherService_isNotAJoinNamingIt() {
            String event = EventFiles.edit("handshake-accepted.json").set("detail.eventSource", "iam.amazonaws.com")
                    .json();

            assertThat(notAJoin(event).reason()).contains("iam.amazonaws.com");
        }

        @Test
        void parse_failedAcceptHandshake_isNotAJoinNamingTheErrorCode() {
            String event = EventFiles.edit("handshake-accepted.json")
                    .add("detail.errorCode", "HandshakeConstraintViolationException").json();

            assertThat(notAJoin(event).reason()).contains("HandshakeConstraintViolationException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"CreateAccountResult", "AccountDepartedOrganization", "InviteAccountToOrganization",
                "DeclineHandshake", "acceptHandshake", ""})
        void parse_otherEventName_isNotAJoinNamingIt(String eventName) {
            assertThat(notAJoin(eventNamed(eventName)).reason()).contains("eventName '" + eventName + "'");
        }

        @ParameterizedTest
        @ValueSource(strings = {"DECLINED", "CANCELED", "OPEN", "EXPIRED"})
        void parse_handshakeNotAccepted_isNotAJoinNamingTheState(String state) {
            String event = handshake(state, "INVITE", "[{\"id\": \"444444444444\", \"type\": \"ACCOUNT\"}]");

            assertThat(notAJoin(event).reason()).contains(state);
        }

        @ParameterizedTest
        @ValueSource(strings = {"ENABLE_ALL_FEATURES", "APPROVE_ALL_FEATURES"})
        void parse_handshakeOfOtherAction_isNotAJoinNamingTheAction(String action) {
            String event = handshake("ACCEPTED", action, "[{\"id\": \"444444444444\", \"type\": \"ACCOUNT\"}]");

            assertThat(notAJoin(event).reason()).contains(action);
        }
    }

    @Nested
    class AcceptedHandshakes {

        @Test
        void parse_lowerCaseStateAndAction_isAJoin() {
            AccountJoined joined =
                    joined(handshake("accepted", "invite", "[{\"id\": \"444444444444\", \"type\": \"account\"}]"));

            assertThat(joined.candidateAccountIds()).containsExactly("444444444444");
        }

        @Test
        void parse_pascalCaseHandshakeKeys_readsPartiesAndId() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "responseElements": {"Handshake": {"Id": "h-pascal", "State": "ACCEPTED", "Action": "INVITE",
                      "Parties": [{"Id": "exampleorgid", "Type": "ORGANIZATION"},
                                  {"Id": "666666666666", "Type": "ACCOUNT"}]}}
                    """));

            assertThat(joined.candidateAccountIds()).containsExactly("666666666666");
            assertThat(joined.handshakeId()).contains("h-pascal");
        }

        @Test
        void parse_pascalCaseStateNotAccepted_isNotAJoin() {
            String event = acceptHandshakeWith("""
                    "responseElements": {"Handshake": {"Id": "h-pascal", "State": "CANCELED", "Action": "INVITE"}}
                    """);

            assertThat(notAJoin(event).reason()).contains("CANCELED");
        }

        @Test
        void parse_accountPartyAndOtherCaller_namesBothPartyFirst() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "userIdentity": {"accountId": "777777777777"},
                    "responseElements": {"handshake": {"id": "h-1", "state": "ACCEPTED", "action": "INVITE",
                      "parties": [{"id": "666666666666", "type": "ACCOUNT"}]}}
                    """));

            assertThat(joined.candidateAccountIds()).containsExactly("666666666666", "777777777777");
        }

        @Test
        void parse_emailPartyWithoutCallerAccount_hasNoCandidateButKeepsTheHandshake() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "userIdentity": {"type": "Root"},
                    "responseElements": {"handshake": {"id": "h-email", "state": "ACCEPTED", "action": "INVITE",
                      "parties": [{"id": "billing@example.com", "type": "EMAIL"}]}}
                    """));

            assertThat(joined.candidateAccountIds()).isEmpty();
            assertThat(joined.handshakeId()).contains("h-email");
        }

        @Test
        void parse_noHandshakeInResponse_namesTheCallerAndTheRequestedHandshake() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "userIdentity": {"accountId": "444444444444"}, "responseElements": null
                    """));

            assertThat(joined.candidateAccountIds()).containsExactly("444444444444");
            assertThat(joined.handshakeId()).contains("h-fromrequest");
        }

        @Test
        void parse_emailPartyNamedLikeAnAccount_isNotACandidate() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "responseElements": {"handshake": {"id": "h-1", "state": "ACCEPTED", "action": "INVITE",
                      "parties": [{"id": "666666666666", "type": "EMAIL"},
                                  {"id": "777777777777", "type": "ORGANIZATION"}]}}
                    """));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"44444444444\"", "\"4444444444444\"", "\"44444444444a\"", "\"444 444 444 444\"",
                "\" 444444444444\"", "444444444444"})
        void parse_partyAndCallerIdsThatAreNot12DigitStrings_areNotCandidates(String id) {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "userIdentity": {"accountId": %s},
                    "responseElements": {"handshake": {"id": "h-1", "state": "ACCEPTED", "action": "INVITE",
                      "parties": [{"id": %s, "type": "ACCOUNT"}]}}
                    """.formatted(id, id)));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }
    }

    @Nested
    class AccountJoinedOrganization {

        @ParameterizedTest
        @ValueSource(strings = {
                "\"additionalEventData\": {\"newAccountId\": \"888888888888\"}",
                "\"serviceEventDetails\": {\"accountId\": \"888888888888\"}",
                "\"requestParameters\": {\"accountId\": \"888888888888\"}",
                "\"responseElements\": {\"account\": {\"id\": \"888888888888\", \"name\": \"Legacy\"}}",
                "\"responseElements\": {\"Account\": {\"Id\": \"888888888888\"}}",
                "\"serviceEventDetails\": {\"memberAccountId\": \"888888888888\"}",
                "\"serviceEventDetails\": {\"new_account_id\": \"888888888888\"}",
                "\"serviceEventDetails\": {\"details\": [{\"joiningAccountId\": \"888888888888\"}]}"})
        void parse_accountIdInAKnownPlace_isTheOnlyCandidate(String fields) {
            assertThat(joined(accountJoinedWith(fields)).candidateAccountIds()).containsExactly("888888888888");
        }

        @Test
        void parse_accountIdNowhere_hasNoCandidate() {
            AccountJoined joined =
                    joined(accountJoinedWith("\"serviceEventDetails\": {\"joinedMethod\": \"CREATED\"}"));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }

        @Test
        void parse_recipientAndCallerAccounts_areNotCandidates() {
            AccountJoined joined = joined(accountJoinedWith("""
                    "sharedEventID": "999999999999",
                    "additionalEventData": {"newAccountId": "888888888888"}
                    """));

            assertThat(joined.candidateAccountIds()).containsExactly("888888888888")
                    .doesNotContain(MANAGEMENT_ACCOUNT_ID);
        }

        @Test
        void parse_accountIdsUnderOtherKeys_areNotCandidates() {
            AccountJoined joined = joined(accountJoinedWith("""
                    "serviceEventDetails": {"managementAccountId": "999999999999", "value": "999999999998",
                      "vpcEndpointAccountId": "999999999997", "id": "999999999996"}
                    """));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }

        @Test
        void parse_sameIdInSeveralPlaces_isOneCandidate() {
            AccountJoined joined = joined(accountJoinedWith("""
                    "serviceEventDetails": {"accountId": "888888888888"},
                    "additionalEventData": {"newAccountId": "888888888888"}
                    """));

            assertThat(joined.candidateAccountIds()).containsExactly("888888888888");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"88888888888\"", "\"8888888888888\"", "\"88888888888a\"", "\"888 888 888 888\"",
                "\"888888888888 \"", "888888888888", "[\"888888888888\"]"})
        void parse_newAccountIdNotA12DigitString_isNotACandidate(String id) {
            AccountJoined joined = joined(accountJoinedWith("\"additionalEventData\": {\"newAccountId\": " + id + "}"));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }

        @Test
        void parse_accountObjectWithNumericId_isNotACandidate() {
            AccountJoined joined =
                    joined(accountJoinedWith("\"responseElements\": {\"account\": {\"id\": 888888888888}}"));

            assertThat(joined.candidateAccountIds()).isEmpty();
        }

        @ParameterizedTest
        @CsvSource({"Invited, INVITED", "created, CREATED", "INVITED, INVITED"})
        void parse_joinedMethod_isUpperCased(String given, String expected) {
            AccountJoined joined = joined(accountJoinedWith(
                    "\"serviceEventDetails\": {\"joinedMethod\": \"" + given + "\"}"));

            assertThat(joined.joinedMethod()).contains(expected);
        }

        @Test
        void parse_noJoinedMethod_leavesItEmpty() {
            assertThat(joined(accountJoinedWith("\"serviceEventDetails\": {}")).joinedMethod()).isEmpty();
        }

        @Test
        void parse_noEventSource_isTakenAsOrganizations() {
            String event = EventFiles.edit("account-joined.json").remove("detail.eventSource").json();

            assertThat(joined(event).candidateAccountIds()).containsExactly("333333333333");
        }
    }

    @Nested
    class EventTime {

        @Test
        void parse_detailEventTime_isTheEventTime() {
            String event = EventFiles.edit("account-joined.json").set("detail.eventTime", "2026-11-20T08:00:00Z")
                    .json();

            assertThat(joined(event).eventTime()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
        }

        /** {@code eventTime}: the JSON value of detail.eventTime, or none at all. */
        @ParameterizedTest
        @NullSource
        @ValueSource(strings = {"\"Nov 20, 2026\"", "1795165843"})
        void parse_unreadableOrMissingEventTime_fallsBackToEnvelopeTime(String eventTime) {
            EventFiles.Edit edit = EventFiles.edit("account-joined.json").set("time", "2026-11-20T07:30:00Z");
            String event = (eventTime == null ? edit.remove("detail.eventTime")
                    : edit.setJson("detail.eventTime", eventTime)).json();

            assertThat(joined(event).eventTime()).isEqualTo(Instant.parse("2026-11-20T07:30:00Z"));
        }

        @Test
        void parse_noReadableTimeAnywhere_isNow() {
            String event = EventFiles.edit("account-joined.json").set("detail.eventTime", "yesterday").remove("time")
                    .json();
            Instant before = Instant.now();

            Instant eventTime = joined(event).eventTime();

            assertThat(eventTime).isBetween(before, Instant.now());
        }
    }

    @Nested
    class HostileShapes {

        @Test
        void parse_deeplyNestedDetail_findsTheTopLevelAccountWithoutError() {
            int depth = 990;
            String nested = "{\"n\": ".repeat(depth) + "{\"accountId\": \"999999999999\"}" + "}".repeat(depth);
            AccountJoined joined = joined(accountJoinedWith(
                    "\"additionalEventData\": {\"newAccountId\": \"888888888888\"}, \"noise\": " + nested));

            assertThat(joined.candidateAccountIds()).containsExactly("888888888888");
        }

        @Test
        void parse_deeplyNestedListsInDetail_areHandledWithoutError() {
            int depth = 990;
            String nested = "[".repeat(depth) + "\"x\"" + "]".repeat(depth);
            AccountJoined joined = joined(accountJoinedWith(
                    "\"noise\": " + nested + ", \"serviceEventDetails\": {\"accountId\": \"888888888888\"}"));

            assertThat(joined.candidateAccountIds()).containsExactly("888888888888");
        }

        @Test
        void parse_detailWith200KilobytesOfNoise_findsOnlyTheJoiningAccount() {
            var noise = new StringBuilder("[");
            var random = new Random(42);
            Supplier<String> twelveDigits =
                    () -> String.format(Locale.ROOT, "%012d", random.nextLong(1_000_000_000_000L));
            while (noise.length() < 200_000) {
                noise.append(noise.length() == 1 ? "" : ",").append("{\"value\": \"").append(twelveDigits.get())
                        .append("\", \"text\": \"").append("x".repeat(random.nextInt(80)))
                        .append("\", \"nested\": {\"list\": [1, 2.5, true, null, {\"id\": \"")
                        .append(twelveDigits.get()).append("\"}]}}");
            }
            noise.append("]");
            AccountJoined joined = joined(accountJoinedWith("\"noise\": " + noise
                    + ", \"additionalEventData\": {\"newAccountId\": \"888888888888\"}"));

            assertThat(noise.length()).isGreaterThanOrEqualTo(200_000);
            assertThat(joined.candidateAccountIds()).containsExactly("888888888888");
        }
    }

    @Nested
    class IgnoredValues {

        @ParameterizedTest
        @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
                "\"88888888888\"      | '88888888888'",
                "\"888 888 888 888\"  | '888 888 888 888'",
                "88888888888        | the number 88888888888",
                "[\"888888888888\"]   | an array"})
        void parse_accountIdThatIsNotOne_isIgnoredAndDescribedWithWhereItWas(String id, String shown) {
            AccountJoined joined = joined(accountJoinedWith("\"additionalEventData\": {\"newAccountId\": " + id + "}"));

            assertThat(joined.candidateAccountIds()).isEmpty();
            assertThat(joined.ignored()).containsExactly(
                    "detail.additionalEventData.newAccountId is " + shown + ", not a 12-digit account ID");
        }

        @Test
        void parse_emptyOrNullAccountId_isNotWorthMentioning() {
            AccountJoined joined = joined(accountJoinedWith(
                    "\"additionalEventData\": {\"newAccountId\": \"\", \"memberAccountId\": null}"));

            assertThat(joined.ignored()).isEmpty();
        }

        @Test
        void parse_badPartyAndCallerIds_areIgnoredAndDescribed() {
            AccountJoined joined = joined(acceptHandshakeWith("""
                    "userIdentity": {"accountId": "4444"},
                    "responseElements": {"handshake": {"id": "h-1", "state": "ACCEPTED", "action": "INVITE",
                      "parties": [{"id": "exampleorgid", "type": "ORGANIZATION"}, {"id": 4444, "type": "ACCOUNT"}]}}
                    """));

            assertThat(joined.candidateAccountIds()).isEmpty();
            assertThat(joined.ignored()).containsExactly(
                    "detail.responseElements.handshake.parties[1].id is the number 4444, not a 12-digit account ID",
                    "detail.userIdentity.accountId is '4444', not a 12-digit account ID");
        }

        @Test
        void parse_moreAccountIdsThanAJoinNames_noneIsACandidate() {
            var accounts = new StringBuilder();
            for (int i = 0; i <= TriggerEventParser.MAX_CANDIDATES; i++) {
                accounts.append(i == 0 ? "" : ", ").append("{\"accountId\": \"").append(800_000_000_000L + i)
                        .append("\"}");
            }
            AccountJoined joined = joined(accountJoinedWith("\"serviceEventDetails\": {\"accounts\": [" + accounts
                    + "]}"));

            assertThat(joined.candidateAccountIds()).isEmpty();
            assertThat(joined.ignored()).singleElement().asString()
                    .startsWith("all " + (TriggerEventParser.MAX_CANDIDATES + 1) + " account IDs the event names");
        }

        @Test
        void parse_exactlyAsManyAccountIdsAsAllowed_areCandidates() {
            var accounts = new StringBuilder();
            for (int i = 0; i < TriggerEventParser.MAX_CANDIDATES; i++) {
                accounts.append(i == 0 ? "" : ", ").append("{\"accountId\": \"").append(800_000_000_000L + i)
                        .append("\"}");
            }
            AccountJoined joined = joined(accountJoinedWith("\"serviceEventDetails\": {\"accounts\": [" + accounts
                    + "]}"));

            assertThat(joined.candidateAccountIds()).hasSize(TriggerEventParser.MAX_CANDIDATES);
        }

        @Test
        void parse_manyBadIds_listsFiveAndCountsTheRest() {
            var accounts = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                accounts.append(i == 0 ? "" : ", ").append("{\"accountId\": \"x").append(i).append("\"}");
            }
            AccountJoined joined = joined(accountJoinedWith("\"serviceEventDetails\": {\"accounts\": [" + accounts
                    + "]}"));

            assertThat(joined.ignored()).hasSize(6).last().isEqualTo("and 7 more");
        }

        @Test
        void parse_hugeOrControlCharacterValues_areEchoedShortAndClean() {
            String huge = "CreateAccount" + "\\u001b".repeat(3) + "x".repeat(100_000);

            NotAJoin skipped = notAJoin(eventNamed(huge));

            assertThat(skipped.reason()).hasSizeLessThan(200).doesNotContain("\u001b").contains("CreateAccount???xxx");
        }

        @Test
        void parse_hugeSource_isEchoedShort() {
            NotAJoin skipped = notAJoin(json("{\"source\": \"" + "s".repeat(100_000) + "\"}"));

            assertThat(skipped.reason()).hasSizeLessThan(200).endsWith("...', not aws.organizations");
        }
    }
}
