package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.failures.AccountsNotToActOnTest.EXTERNAL;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.READ_ONLY_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.RoleView;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.InvalidRequestException;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function creates admin roles: the role it creates trusts exactly what is configured, and no input makes it
 * act on an account outside the organization or assume any role but the configured ones, in active members.
 */
class LeastPrivilegeTest {

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(.+)");
    /** The active members of {@link AccountsNotToActOnTest#organization()}. */
    private static final Set<String> ACTIVE_MEMBERS =
            Set.of(WITH_ACCESS_ROLE, WITH_BOOTSTRAP_ONLY, WITH_NOTHING, WITH_FOREIGN_TRUST);
    private static final String FUNCTION_ROLE_ARN =
            "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/" + Fixtures.FUNCTION_ROLE;

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(RoleView role) {
        return (Map<String, Object>) Json.parse(role.trustPolicy());
    }

    /** The trust the function writes, exactly: one statement, these principals, sts:AssumeRole, no condition. */
    private static Map<String, Object> trustOf(Object principals) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", "OrgAccessGuardTrust");
        statement.put("Effect", "Allow");
        statement.put("Principal", Map.of("AWS", principals));
        statement.put("Action", "sts:AssumeRole");
        return Map.of("Version", "2012-10-17", "Statement", List.of(statement));
    }

    /**
     * Every AssumeRole the function sent named a configured role ({@code names}) in an active member; every IAM call
     * was made in an active member, as one of those roles; {@link AccountsNotToActOnTest#EXTERNAL} was only described.
     */
    private void onlyConfiguredRolesOfActiveMembers(Set<String> names) {
        List<CallRecord> calls = guard.aws().calls();
        assertThat(calls).filteredOn(call -> call.action().equals("AssumeRole")).isNotEmpty()
                .allSatisfy(call -> {
                    Matcher arn = ROLE_ARN.matcher(call.parameters().get("RoleArn"));
                    assertThat(arn.matches()).as(call.parameters().get("RoleArn")).isTrue();
                    assertThat(arn.group(1)).isIn(ACTIVE_MEMBERS);
                    assertThat(arn.group(2)).isIn(names);
                    assertThat(call.callerArn()).contains(":assumed-role/" + Fixtures.FUNCTION_ROLE + "/");
                });
        assertThat(calls).filteredOn(call -> call.service().equals("iam")).allSatisfy(call -> {
            assertThat(call.callerAccount()).isIn(ACTIVE_MEMBERS);
            assertThat(names).anyMatch(name -> call.callerArn().contains(":assumed-role/" + name + "/"));
        });
        // Organizations is asked about it (that is how the function learns it is no member); nothing else.
        assertThat(calls).filteredOn(call -> EXTERNAL.equals(call.targetAccount())
                || EXTERNAL.equals(call.callerAccount())).extracting(CallRecord::action)
                .containsOnly("DescribeAccount");
        assertThat(guard.aws().calls()).filteredOn(call -> call.service().equals("organizations"))
                .allSatisfy(call -> assertThat(call.callerAccount()).isEqualTo(MANAGEMENT_ACCOUNT_ID));
    }

    @Test
    void createdRoleTrust_isExactlyTheManagementAccountRootByDefault() {
        guard = Guard.start(Accounts.organization().build());

        guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));

        RoleView role = guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow();
        assertThat(document(role)).isEqualTo(trustOf(MANAGEMENT_ROOT));
        assertThat(role.attachedPolicyArns()).containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(role.inlinePolicies()).isEmpty();
        assertThat(role.path()).isEqualTo("/");
    }

    @Test
    void createdRoleTrust_isExactlyTrustedPrincipalArnsWhenConfigured() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7).build(),
                Map.of(GuardConfig.TRUSTED_PRINCIPAL_ARNS, FUNCTION_ROLE_ARN + ", " + MANAGEMENT_ROOT,
                        GuardConfig.ACCESS_POLICY_ARNS, READ_ONLY_ACCESS));

        guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));

        RoleView role = guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow();
        assertThat(document(role)).isEqualTo(trustOf(List.of(FUNCTION_ROLE_ARN, MANAGEMENT_ROOT)));
        assertThat(role.attachedPolicyArns()).containsExactly(READ_ONLY_ACCESS);
    }

    @Test
    void repairedTrust_addsExactlyTheConfiguredStatementAndKeepsTheOwnersStatement() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7).build(),
                Map.of(GuardConfig.REPAIR_TRUST, "true"));
        Object before = document(guard.aws().role(WITH_FOREIGN_TRUST, ACCESS_ROLE).orElseThrow()).get("Statement");

        guard.manual("{\"accountIds\": [\"" + WITH_FOREIGN_TRUST + "\"]}");

        Map<String, Object> after = document(guard.aws().role(WITH_FOREIGN_TRUST, ACCESS_ROLE).orElseThrow());
        var expected = new ArrayList<Object>(before instanceof List<?> list ? list : List.of(before));
        expected.addAll((List<?>) trustOf(MANAGEMENT_ROOT).get("Statement"));
        assertThat(after.get("Statement")).isEqualTo(expected);
    }

    @Test
    void eventNamingAnExternalAccountWhoseRolesTrustUs_entersNothingButTheMember() {
        guard = Guard.start(AccountsNotToActOnTest.organization());
        String event = Events.envelope(Events.SOURCE, Events.SERVICE_EVENT, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "AccountJoinedOrganization",
                 "serviceEventDetails": {"accountId": "%s", "account": {"id": "%s"}},
                 "additionalEventData": {"newAccountId": "%s"}}""".formatted(EXTERNAL, EXTERNAL,
                WITH_BOOTSTRAP_ONLY));

        var report = guard.joinEvent(event);

        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        onlyConfiguredRolesOfActiveMembers(Set.of(ACCESS_ROLE, BOOTSTRAP_ROLE));
    }

    @Test
    void acceptHandshakeByAnExternalAccount_entersNothing() {
        guard = Guard.start(AccountsNotToActOnTest.organization());

        var report = guard.joinEvent(Events.handshake(EXTERNAL, "ACCEPTED", "INVITE"));

        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        assertThat(Calls.intoAccounts(guard)).isEmpty();
    }

    @Test
    void manualRequestForAnExternalAccountAndMembers_entersOnlyTheMembers() {
        guard = Guard.start(AccountsNotToActOnTest.organization());

        var report = guard.manual("{\"accountIds\": [\"" + EXTERNAL + "\", \"" + WITH_ACCESS_ROLE + "\", \""
                + WITH_BOOTSTRAP_ONLY + "\", \"" + WITH_NOTHING + "\"]}");

        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        onlyConfiguredRolesOfActiveMembers(Set.of(ACCESS_ROLE, BOOTSTRAP_ROLE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"roleName", "roleArn", "accessRoleName", "bootstrapRoleNames", "ACCESS_ROLE_NAME",
            "trustedPrincipalArns", "policyArns", "partition", "endpoint"})
    void requestTryingToChooseARoleOrTargetThroughAnyField_isRefusedBeforeAnyCall(String field) {
        guard = Guard.start(AccountsNotToActOnTest.organization());

        Throwable refusal = catchThrowable(() -> guard.manual("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY
                + "\"], \"" + field + "\": \"arn:aws:iam::" + EXTERNAL + ":role/Evil\"}"));

        assertThat(refusal).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith(field + ": unknown");
        assertThat(guard.aws().calls()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"333333333333:role/Evil", "333333333333/../" + EXTERNAL, "arn:aws:iam::" + EXTERNAL
            + ":role/Evil", "333333333333\u0000", "*", "333333333333,999999999998"})
    void accountIdCarryingAPathOrArn_isRefusedBeforeAnyCall(String id) {
        guard = Guard.start(AccountsNotToActOnTest.organization());

        Throwable refusal = catchThrowable(() -> guard.manual(
                "{\"accountIds\": [" + Json.write(id) + "]}"));

        assertThat(refusal).isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("accountIds[0]:");
        assertThat(guard.aws().calls()).isEmpty();
    }

    @Test
    void eventOfferingRolesTargetsAndPathsInEveryField_assumesOnlyTheConfiguredRolesOfMembers() {
        guard = Guard.start(AccountsNotToActOnTest.organization());
        String evil = "arn:aws:iam::" + EXTERNAL + ":role/Evil";
        String event = Events.envelope(Events.SOURCE, Events.API_CALL, """
                {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
                 "eventName": "AccountJoinedOrganization",
                 "requestParameters": {"roleName": "Evil", "roleArn": "%1$s", "RoleArn": "%1$s",
                   "accessRoleName": "Evil", "bootstrapRoleNames": ["Evil"], "partition": "aws-cn"},
                 "responseElements": {"role": {"arn": "%1$s"}, "accountId": "333333333333:role/Evil",
                   "targetAccountId": "333333333333/../%2$s"},
                 "additionalEventData": {"newAccountId": "%3$s", "memberAccountId": "%4$s",
                   "invitedAccountId": "%2$s"}}""".formatted(evil, EXTERNAL, WITH_BOOTSTRAP_ONLY, WITH_NOTHING));

        var report = guard.joinEvent(event);

        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(report.outcome(WITH_NOTHING)).isEqualTo("ROLE_MISSING");
        assertThat(report.outcome(EXTERNAL)).isEqualTo("SKIPPED");
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note)
                .contains("'333333333333:role/Evil', not a 12-digit account ID"));
        onlyConfiguredRolesOfActiveMembers(Set.of(ACCESS_ROLE, BOOTSTRAP_ROLE));
        assertThat(guard.aws().calls()).noneMatch(call -> call.parameters().values().stream()
                .anyMatch(value -> value.contains("Evil")));
    }

    @Test
    void fullBackfillWithCustomNames_assumesOnlyThoseNamesInActiveMembers() {
        guard = Guard.start(AccountsNotToActOnTest.organization(), EmulatorOptions.builder().seed(7).build(),
                Map.of(GuardConfig.BOOTSTRAP_ROLE_NAMES, "FirstChoice," + BOOTSTRAP_ROLE,
                        GuardConfig.REPAIR_TRUST, "true"));

        guard.manual("{\"all\": true}");
        guard.joinEvent(EventFiles.accountJoined(EXTERNAL));

        onlyConfiguredRolesOfActiveMembers(Set.of(ACCESS_ROLE, "FirstChoice", BOOTSTRAP_ROLE));
    }
}
