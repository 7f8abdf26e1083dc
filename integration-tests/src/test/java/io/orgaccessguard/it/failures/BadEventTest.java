package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event that is not a join is skipped: one log line and a response that say why, and not a single call to AWS. An
 * event that is a join but names its account wrongly has those values ignored, and said so; as for a join that names
 * no account, the accounts that joined recently are reconciled instead (the event is a hint, and no join is lost), so
 * the only calls are Organizations reads. The parsing rules are unit-tested in {@code trigger/TriggerEventParserTest};
 * here every case goes through the handler and the real clients.
 */
class BadEventTest {

    /** A member that joined just before {@code EVENT_TIME}, whose ID starts with a zero. */
    private static final String RECENT_WITH_LEADING_ZERO = "022222222222";

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private Guard start() {
        guard = Guard.start(Accounts.organization().build());
        return guard;
    }

    /** Skipped: no result, a note, a log line (besides the metrics, which count nothing), and nothing called at all. */
    private Report skipped(String event, String reason) {
        Report report = guard.joinEvent(event);
        assertThat(report.results()).isEmpty();
        assertThat(report.summary()).isEmpty();
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note).contains(reason).hasSizeLessThan(500));
        assertThat(guard.lastContext().lines()).filteredOn(line -> line.level() != LogLevel.UNDEFINED)
                .extracting(TestContext.Line::message).singleElement().satisfies(line -> {
            Map<String, Object> logged = Events.parse(line);
            assertThat(logged).containsEntry("type", "note");
            assertThat((String) logged.get("message")).startsWith("skipped event: ").contains(reason);
        });
        assertThat(guard.lastContext().logLines()).filteredOn(line -> line.startsWith("{\"_aws\""))
                .allSatisfy(metrics -> assertThat(metrics).doesNotContainPattern("\"Accounts(Checked)?\":[1-9]"));
        assertThat(guard.aws().calls()).as("nothing reached AWS").isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();
        return report;
    }

    /**
     * The bad values are ignored and said so; the recent joins (none in the fixture) are reconciled: only
     * Organizations was read, nothing went into an account, nothing was written or published.
     */
    private Report ignoredAndReconciled(String event, String... said) {
        Report report = guard.joinEvent(event);
        assertThat(report.results()).isEmpty();
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note).contains(said)
                .contains("named no account; reconciled the 0 account(s)").hasSizeLessThan(2_000));
        assertThat(guard.lastContext().log()).contains("ignored");
        assertThat(Calls.actions(guard.aws().calls())).containsOnly("organizations:DescribeOrganization",
                "organizations:ListAccounts");
        assertThat(guard.aws().publishedMessages()).isEmpty();
        return report;
    }

    @Test
    void notJson_isSkipped() {
        start();
        skipped("{\"source\": \"aws.organizations\", ", "not valid JSON");
    }

    @Test
    void jsonArray_isSkipped() {
        start();
        skipped("[" + EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY) + "]", "the event is an array, not a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"" + WITH_BOOTSTRAP_ONLY + "\"", WITH_BOOTSTRAP_ONLY, "true", "null"})
    void jsonScalar_isSkipped(String scalar) {
        start();
        skipped(scalar, "not a JSON object");
    }

    @Test
    void emptyObject_isSkipped() {
        start();
        skipped("{}", "source is '', not aws.organizations");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws.iam", "aws.organization", "custom.organizations", "AWS.ORGANIZATIONS"})
    void anotherSource_isSkippedNamingIt(String source) {
        start();
        skipped(EventFiles.editAccountJoined(WITH_BOOTSTRAP_ONLY).set("source", source).json(),
                "source is '" + source + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Scheduled Event", "AWS Console Sign In via CloudTrail", "AWS API Call via CloudTrail "})
    void anotherDetailType_isSkippedNamingIt(String detailType) {
        start();
        skipped(Events.envelope(Events.SOURCE, detailType, "{\"eventName\": \"AccountJoinedOrganization\","
                + " \"serviceEventDetails\": {\"accountId\": \"" + WITH_BOOTSTRAP_ONLY + "\"}}"),
                "detail-type '" + detailType + "' is not a CloudTrail event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CreateAccount", "InviteAccountToOrganization", "LeaveOrganization",
            "RemoveAccountFromOrganization", "acceptHandshake", ""})
    void anotherEventName_isSkippedNamingIt(String eventName) {
        start();
        skipped(Events.organizationsEvent(eventName, WITH_BOOTSTRAP_ONLY), "eventName '" + eventName + "'");
    }

    @Test
    void eventOfAnotherServiceUnderTheOrganizationsSource_isSkipped() {
        start();
        skipped(EventFiles.editAccountJoined(WITH_BOOTSTRAP_ONLY).set("detail.eventSource", "iam.amazonaws.com").json(),
                "eventSource 'iam.amazonaws.com'");
    }

    @Test
    void detailMissing_isSkipped() {
        start();
        skipped(Events.withDetail(null), "detail is missing, not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"AccountJoinedOrganization\"", "[{\"eventName\": \"AcceptHandshake\"}]", "42", "null"})
    void detailOfTheWrongType_isSkippedDescribingIt(String detail) {
        start();
        skipped(Events.withDetail(detail), "detail is");
    }

    @Test
    void handshakeDeclined_isSkipped() {
        start();
        skipped(Events.organizationsEvent("DeclineHandshake", WITH_BOOTSTRAP_ONLY), "eventName 'DeclineHandshake'");
    }

    @Test
    void handshakeCancelled_isSkipped() {
        start();
        skipped(Events.organizationsEvent("CancelHandshake", WITH_BOOTSTRAP_ONLY), "eventName 'CancelHandshake'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DECLINED", "CANCELED", "OPEN", "EXPIRED"})
    void acceptHandshakeOfAHandshakeNotAccepted_isSkippedNamingTheState(String state) {
        start();
        skipped(Events.handshake(WITH_BOOTSTRAP_ONLY, state, "INVITE"), "handshake state is " + state);
    }

    @Test
    void acceptHandshakeThatFailed_isSkippedNamingTheError() {
        start();
        String failed = Events.acceptedHandshake(WITH_BOOTSTRAP_ONLY, "ACCEPTED", "INVITE")
                .add("detail.errorCode", "HandshakeConstraintViolationException").json();
        skipped(failed, "failed call (HandshakeConstraintViolationException)");
    }

    @Test
    void accountIdOf11Digits_isIgnoredAndSaid() {
        start();
        ignoredAndReconciled(Events.accountJoinedWithRawId("\"22222222222\""),
                "detail.additionalEventData.newAccountId is '22222222222', not a 12-digit account ID");
    }

    @Test
    void accountIdOf13Digits_isIgnoredAndSaid() {
        start();
        ignoredAndReconciled(Events.accountJoinedWithRawId("\"3333333333333\""), "'3333333333333'");
    }

    @ParameterizedTest
    @ValueSource(strings = {" 333333333333", "333 333 333 333", "333333333333\\n", "33333333333a", "abcdefghijkl"})
    void accountIdWithSpacesOrLetters_isIgnoredAndSaid(String id) {
        start();
        ignoredAndReconciled(Events.accountJoinedWithRawId("\"" + id + "\""), "not a 12-digit account ID");
        assertThat(describedAccounts()).isEmpty();
    }

    @Test
    void accountIdWithControlCharacters_isEchoedWithoutThem() {
        start();
        Report report = ignoredAndReconciled(Events.accountJoinedWithRawId("\"33333\\u001b[2J3333333\""),
                "'33333?[2J3333333'");
        assertThat(report.note().orElseThrow()).doesNotContain("\u001b");
    }

    @Test
    void handshakePartyAndCallerWithBadIds_areIgnoredAndSaid() {
        start();
        String event = Events.handshake("33333333333", "ACCEPTED", "INVITE");
        Report report = guard.joinEvent(event);

        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("detail.responseElements.handshake.parties[1].id is '33333333333'")
                .contains("detail.userIdentity.accountId is '33333333333'"));
        // The handshake the event names is asked about (Organizations decides), then recent joins are reconciled.
        assertThat(Calls.actions(guard.aws().calls())).containsOnly("organizations:DescribeOrganization",
                "organizations:DescribeHandshake", "organizations:ListAccounts");
        assertThat(Calls.intoAccounts(guard)).isEmpty();
    }

    @Test
    void accountIdAsJsonNumberThatLostItsLeadingZeros_isIgnoredAndTheRealJoinIsStillFound() {
        guard = Guard.start(Accounts.organization()
                .account(Accounts.member(RECENT_WITH_LEADING_ZERO, "Zero Led").joinedTimestamp(
                        EVENT_TIME.minus(Duration.ofMinutes(2))).role(Accounts.bootstrapRole(RECENT_WITH_LEADING_ZERO))
                        .build())
                .build());

        Report report = guard.joinEvent(Events.accountJoinedWithRawId("22222222222"));

        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("newAccountId is the number 22222222222, not a 12-digit account ID")
                .contains("reconciled the 1 account(s)"));
        assertThat(describedAccounts()).as("the number is never padded into a guess").isEmpty();
        assertThat(report.outcome(RECENT_WITH_LEADING_ZERO)).isEqualTo("ROLE_CREATED");
        assertThat(Calls.assumedRoleArns(guard)).allMatch(arn -> arn.contains(":" + RECENT_WITH_LEADING_ZERO + ":"));
    }

    @Test
    void duplicateIdsInAnEvent_areCheckedOnce() {
        start();
        String event = Events.envelope(Events.SOURCE, Events.SERVICE_EVENT, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "AccountJoinedOrganization",
                 "serviceEventDetails": {"accountId": "%1$s", "account": {"id": "%1$s"}},
                 "additionalEventData": {"newAccountId": "%1$s", "joiningAccountId": "%1$s"}}"""
                .formatted(WITH_BOOTSTRAP_ONLY));

        Report report = guard.joinEvent(event);

        assertThat(report.results()).hasSize(1);
        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(describedAccounts()).containsExactly(WITH_BOOTSTRAP_ONLY);
        assertThat(Calls.succeeded(guard, "CreateRole")).hasSize(1);
        assertThat(guard.aws().publishedMessages()).hasSize(1);
    }

    @Test
    void thousandsOfIdsInAnEvent_areNotTakenAtTheirWordAndNoneIsActedOn() {
        start();
        String accounts = IntStream.range(0, 3_000)
                .mapToObj(i -> "{\"accountId\": \"" + (200_000_000_000L + i) + "\"}")
                .collect(Collectors.joining(", ", "[", "]"));
        String event = Events.envelope(Events.SOURCE, Events.SERVICE_EVENT, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "AccountJoinedOrganization",
                 "serviceEventDetails": {"accounts": %s, "accountId": "%s"}}""".formatted(accounts,
                WITH_BOOTSTRAP_ONLY));

        ignoredAndReconciled(event, "all 3001 account IDs the event names");
        assertThat(describedAccounts()).isEmpty();
    }

    @Test
    void veryLargeEventOf900KilobytesThatIsNotAJoin_isSkippedWithAShortReason() {
        start();
        String huge = "CreateAccount" + "x".repeat(900 * 1024);

        skipped(Events.organizationsEvent(huge, WITH_BOOTSTRAP_ONLY), "eventName 'CreateAccountxxx");
    }

    @Test
    void veryLargeJoinEventOf900Kilobytes_isHandledLikeAnyJoinWithBoundedOutput() {
        guard = Guard.start(Accounts.organization().build());
        List<Map<String, String>> noise = IntStream.range(0, 9_400).mapToObj(i -> Map.of("k", "n".repeat(90)))
                .toList();
        String event = EventFiles.editAccountJoined(WITH_BOOTSTRAP_ONLY).add("detail.noise", noise).json();
        assertThat(event.length()).isBetween(900 * 1024, 1024 * 1024);

        Report report = guard.joinEvent(event);

        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(describedAccounts()).containsExactly(WITH_BOOTSTRAP_ONLY);
        assertThat(Json.write(report.json())).hasSizeLessThan(5_000);
        assertThat(guard.lastContext().logLines()).allSatisfy(line -> assertThat(line).hasSizeLessThan(5_000));
    }

    @Test
    void eventOverTheOneMebibyteCap_isSkippedUnread() {
        start();
        String padding = " ".repeat(1024 * 1024);

        skipped(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY) + padding, "larger than 1048576 bytes");
    }

    private List<String> describedAccounts() {
        return Calls.named(guard, "DescribeAccount").stream().map(CallRecord::parameters)
                .map(parameters -> parameters.get("AccountId")).toList();
    }
}
