package io.orgaccessguard.it;

import static io.orgaccessguard.it.support.Accounts.SUSPENDED;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.HandshakeSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.testsupport.EventFiles;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in events/ is replayed, as a person would with {@code sam local invoke -e}, and its outcome checked. */
public class EventFilesTest {

    /** What each example event does to the fixture organization. A new file without an entry fails the build. */
    public static final Map<String, Map<String, String>> EXPECTED = Map.ofEntries(
            Map.entry("account-joined.json", Map.of(WITH_BOOTSTRAP_ONLY, "ROLE_CREATED")),
            Map.entry("account-joined-api-call.json", Map.of(WITH_ACCESS_ROLE, "ACCESS_VERIFIED")),
            Map.entry("account-joined-unknown-shape.json", Map.of(WITH_NOTHING, "ROLE_MISSING")),
            Map.entry("handshake-accepted.json", Map.of(WITH_NOTHING, "ROLE_MISSING")),
            Map.entry("handshake-accepted-email-party.json", Map.of(WITH_FOREIGN_TRUST, "TRUST_MISMATCH")),
            Map.entry("manual-recheck.json", Map.of(WITH_NOTHING, "ROLE_MISSING")),
            // A re-check that also answers the ~/.aws/config profile of each account that can be entered.
            Map.entry("manual-profiles.json", Map.of(WITH_ACCESS_ROLE, "ACCESS_VERIFIED", WITH_NOTHING, "ROLE_MISSING")),
            Map.entry("manual-all.json", Map.of(MANAGEMENT_ACCOUNT_ID, "SKIPPED", WITH_ACCESS_ROLE, "ACCESS_VERIFIED",
                    WITH_BOOTSTRAP_ONLY, "ROLE_CREATED", WITH_NOTHING, "ROLE_MISSING",
                    WITH_FOREIGN_TRUST, "TRUST_MISMATCH", SUSPENDED, "SKIPPED")),
            Map.entry("manual-ou-dry-run.json", Map.of(WITH_ACCESS_ROLE, "ACCESS_VERIFIED",
                    WITH_BOOTSTRAP_ONLY, "WOULD_CREATE")),
            // What ReconcileSchedule sends: the whole organization in one run (it fits one invocation here).
            Map.entry("manual-reconcile-start.json", Map.of(MANAGEMENT_ACCOUNT_ID, "SKIPPED", WITH_ACCESS_ROLE, "ACCESS_VERIFIED",
                    WITH_BOOTSTRAP_ONLY, "ROLE_CREATED", WITH_NOTHING, "ROLE_MISSING",
                    WITH_FOREIGN_TRUST, "TRUST_MISMATCH", SUSPENDED, "SKIPPED")),
            // What the continue schedule sends (and what continues a person's run now): with no run under way,
            // nothing to do.
            Map.entry("manual-reconcile-continue.json", Map.of()));

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** The fixture organization, where only the account without any role joined recently. */
    private static OrganizationSeed organization() {
        return Accounts.organization(EVENT_TIME.minus(Duration.ofMinutes(1))).build();
    }

    static Iterable<String> eventFiles() {
        return EventFiles.names();
    }

    @Test
    void everyEventFile_hasAnExpectation() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrderElementsOf(EventFiles.names());
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void eventFile_producesTheExpectedOutcomes(String fileName) {
        guard = Guard.start(organization());

        String payload = EventFiles.read(fileName);
        Report report = fileName.startsWith("manual-") ? guard.manual(payload) : guard.joinEvent(payload);

        Map<String, String> expected = EXPECTED.get(fileName);
        assertThat(report.results()).hasSize(expected.size());
        expected.forEach((account, outcome) -> assertThat(report.outcome(account)).isEqualTo(outcome));
        if (payload.contains("\"profiles\": true")) {
            assertThat((String) report.json().get("awsConfig")).as("the profile of the account that can be entered")
                    .contains("[profile payments-prod]\nrole_arn = arn:aws:iam::" + WITH_ACCESS_ROLE
                            + ":role/OrganizationAccountAccessRole\n").doesNotContain(WITH_NOTHING + ":role");
        }
    }

    @Test
    void eventNamingNoAccount_reconcilesTheAccountsThatJoinedWithinTheLookback() {
        guard = Guard.start(organization());

        Report report = guard.joinEvent(EventFiles.read("account-joined-unknown-shape.json"));

        assertThat(report.results()).extracting(result -> result.get("accountId")).containsExactly(WITH_NOTHING);
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("named no account").contains(EVENT_TIME.minus(Duration.ofHours(24)).toString()));
        assertThat(guard.aws().calls()).anySatisfy(call -> assertThat(call.action()).isEqualTo("ListAccounts"));
        assertThat(guard.lastContext().log()).contains("named no account");
    }

    @Test
    void emailInvitationWithoutCallerAccount_isResolvedThroughDescribeHandshake() {
        guard = Guard.start(Accounts.organization()
                .handshake(new HandshakeSeed("h-examplehandshake555", "INVITE", "ACCEPTED", "ACCOUNT",
                        WITH_FOREIGN_TRUST, EVENT_TIME.minus(Duration.ofDays(1)), EVENT_TIME.plus(Duration.ofDays(14))))
                .build());
        String withoutCaller = EventFiles.edit("handshake-accepted-email-party.json")
                .set("detail.userIdentity.accountId", "").json();

        Report report = guard.joinEvent(withoutCaller);

        assertThat(report.outcome(WITH_FOREIGN_TRUST)).isEqualTo("TRUST_MISMATCH");
        assertThat(guard.aws().calls()).anySatisfy(call -> assertThat(call.action()).isEqualTo("DescribeHandshake"));
    }

    @Test
    void sameEventTwice_changesNothingTheSecondTime() {
        guard = Guard.start(organization());
        guard.joinEvent(EventFiles.read("account-joined.json"));
        guard.aws().clearCalls();
        guard.aws().clearPublishedMessages();

        Report second = guard.joinEvent(EventFiles.read("account-joined.json"));

        assertThat(second.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        // Reads only: IAM's judgement of the role (SimulatePrincipalPolicy), nothing that writes.
        assertThat(guard.aws().calls()).filteredOn(call -> call.service().equals("iam"))
                .isNotEmpty().allSatisfy(call -> assertThat(call.action()).matches("(List|Get|Simulate).*"));
        assertThat(guard.aws().publishedMessages()).isEmpty();
    }

    @Test
    void notAJoin_isSkippedWithALogLineAndNothingIsCalled() {
        guard = Guard.start(organization());
        String declined = EventFiles.edit("handshake-accepted.json")
                .set("detail.responseElements.handshake.state", "DECLINED").json();

        Report report = guard.joinEvent(declined);

        assertThat(report.results()).isEmpty();
        assertThat(report.note()).hasValue("handshake state is DECLINED, not ACCEPTED");
        assertThat(guard.lastContext().log()).contains("skipped event: handshake state is DECLINED");
        assertThat(guard.aws().calls()).isEmpty();
    }
}
