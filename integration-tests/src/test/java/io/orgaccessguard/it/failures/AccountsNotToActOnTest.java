package io.orgaccessguard.it.failures;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accounts a request or an event may name but that are not active members of this organization: skipped, with the
 * reason in the response and the log, and nothing attempted in them (no AssumeRole, no IAM call, no status tag, no
 * message). Organizations decides, whatever the event claims.
 */
class AccountsNotToActOnTest {

    /** Exists, can be called, trusts the management account with both roles, and is not a member. */
    static final String EXTERNAL = "999999999998";
    private static final Map<String, String> STATES = Map.of("SUSPENDED", "700000000001",
            "CLOSED", "700000000002", "PENDING_ACTIVATION", "700000000003", "PENDING_CLOSURE", "700000000004");

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** The fixture, plus an external account baited with roles that trust us, plus a member in every other state. */
    static OrganizationSeed organization() {
        OrganizationSeed.Builder organization = Accounts.organization()
                .externalAccount(AccountSeed.builder(EXTERNAL).name("Not Ours")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT)
                                .managedPolicy(ADMINISTRATOR_ACCESS).build())
                        .role(RoleSeed.builder(BOOTSTRAP_ROLE).trusting(MANAGEMENT_ROOT)
                                .managedPolicy(ADMINISTRATOR_ACCESS).build())
                        .build());
        STATES.forEach((state, id) -> organization.account(Accounts.member(id, "Account " + state).state(state)
                .role(Accounts.bootstrapRole(id)).build()));
        return organization.build();
    }

    private void nothingAttempted() {
        assertThat(Calls.intoAccounts(guard)).as("no AssumeRole, no IAM call").isEmpty();
        assertThat(Calls.writes(guard)).as("no status tag, no message").isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();
    }

    private Report manual(String accountId) {
        return guard.manual("{\"accountIds\": [\"" + accountId + "\"]}");
    }

    @Test
    void accountOutsideTheOrganization_namedByAnEvent_isSkippedAndNeverEntered() {
        guard = Guard.start(organization());

        Report report = guard.joinEvent(EventFiles.accountJoined(EXTERNAL));

        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        assertThat((String) report.result(EXTERNAL).get("reason"))
                .isEqualTo("not a member of organization " + Fixtures.ORGANIZATION_ID);
        assertThat(guard.lastContext().log()).contains("\"outcome\":\"SKIPPED\"").contains(EXTERNAL);
        nothingAttempted();
    }

    @Test
    void accountOutsideTheOrganization_requestedByHand_isSkippedAndNeverEntered() {
        guard = Guard.start(organization());

        Report report = manual(EXTERNAL);

        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        nothingAttempted();
    }

    @Test
    void accountThatDoesNotExistAtAll_isSkipped() {
        guard = Guard.start(organization());

        assertThat(manual("123456789012").outcome("123456789012")).isEqualTo("SKIPPED");
        nothingAttempted();
    }

    @Test
    void managementAccountItself_requestedByHand_isSkippedAndNeverEntered() {
        guard = Guard.start(organization());

        Report report = manual(MANAGEMENT_ACCOUNT_ID);

        assertThat(report.outcome(MANAGEMENT_ACCOUNT_ID)).isEqualTo("SKIPPED");
        assertThat((String) report.result(MANAGEMENT_ACCOUNT_ID).get("reason")).contains("management account");
        nothingAttempted();
    }

    @Test
    void managementAccountItself_namedByAnEvent_isNotEnteredAndTheNoteSaysSo() {
        guard = Guard.start(organization());

        Report report = guard.joinEvent(EventFiles.accountJoined(MANAGEMENT_ACCOUNT_ID));

        assertThat(report.results()).isEmpty();
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("named no account but the management account " + MANAGEMENT_ACCOUNT_ID)
                .contains("needs no access role").contains("reconciled the 0 account(s)"));
        assertThat(Calls.actions(guard.aws().calls())).containsOnly("organizations:DescribeOrganization",
                "organizations:ListAccounts");
        nothingAttempted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUSPENDED", "CLOSED", "PENDING_ACTIVATION", "PENDING_CLOSURE"})
    void accountNotActive_namedByAnEvent_isSkippedNamingItsState(String state) {
        guard = Guard.start(organization());
        String id = STATES.get(state);

        Report report = guard.joinEvent(EventFiles.accountJoined(id));

        assertThat(report.outcome(id)).isEqualTo("SKIPPED");
        assertThat((String) report.result(id).get("reason")).isEqualTo("account state is " + state + ", not ACTIVE");
        nothingAttempted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUSPENDED", "CLOSED", "PENDING_ACTIVATION", "PENDING_CLOSURE"})
    void accountNotActive_requestedByHand_isSkippedNamingItsState(String state) {
        guard = Guard.start(organization());
        String id = STATES.get(state);

        Report report = manual(id);

        assertThat(report.outcome(id)).isEqualTo("SKIPPED");
        assertThat((String) report.result(id).get("reason")).contains(state);
        nothingAttempted();
    }

    @Test
    void accountsNotActive_inABackfill_areSkippedAndOnlyActiveMembersAreEntered() {
        guard = Guard.start(organization());

        Report report = guard.manual("{\"all\": true}");

        STATES.forEach((state, id) -> assertThat(report.outcome(id)).isEqualTo("SKIPPED"));
        assertThat(report.outcome(MANAGEMENT_ACCOUNT_ID)).isEqualTo("SKIPPED");
        assertThat(report.results()).extracting(result -> result.get("accountId")).doesNotContain(EXTERNAL);
        assertThat(Calls.intoAccounts(guard)).allSatisfy(call -> assertThat(call.targetAccount())
                .isIn(Accounts.WITH_ACCESS_ROLE, Accounts.WITH_BOOTSTRAP_ONLY, Accounts.WITH_NOTHING,
                        Accounts.WITH_FOREIGN_TRUST));
    }
}
