package io.orgaccessguard.it;

import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.InvalidRequestException;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Tag;

/** The manual entry over whole organizations: selections, pages, a run over invocations, throttling, state. */
class BackfillTest {

    private static final String PRODUCTION = "ou-t1a2-prod0001";
    private static final String PAYMENTS = "ou-t1a2-paym0001";
    private static final String SANDBOX = "ou-t1a2-sand0001";
    private static final Map<String, String> QUIET = Map.of(GuardConfig.NOTIFY_ON, "problems");

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** {@code count} accounts from 200000000000 up; every third has no role at all, the rest are verifiable. */
    private static OrganizationSeed.Builder manyAccounts(int count) {
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(Fixtures.ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        for (int i = 0; i < count; i++) {
            var account = Accounts.member(String.valueOf(200_000_000_000L + i), "Workload " + i);
            if (i % 3 != 0) {
                account.role(Accounts.accessRole());
            }
            organization.account(account.build());
        }
        return organization;
    }

    private static List<String> ids(Report report) {
        return report.results().stream().map(result -> (String) result.get("accountId")).toList();
    }

    private List<Map<String, Object>> statusItems() {
        return guard.aws().dynamoItems(Fixtures.MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE).stream()
                .filter(item -> String.valueOf(item.get("pk")).startsWith("account#")).toList();
    }

    private List<CallRecord> calls(String action) {
        return guard.aws().calls().stream().filter(call -> call.action().equals(action)).toList();
    }

    @Test
    void all_pagesPastTwentyAccountsEvenWithShortAndEmptyPages() {
        guard = Guard.start(manyAccounts(65).build(), EmulatorOptions.builder().shortPages(true).seed(3).build(),
                Map.of());

        Report report = guard.manual("{\"all\": true, \"notify\": \"none\"}");

        assertThat(ids(report)).hasSize(66).doesNotHaveDuplicates().isSorted().contains(MANAGEMENT_ACCOUNT_ID);
        assertThat(calls("ListAccountsForParent").size()).as("the OU tree walked, page by page").isGreaterThan(4);
        assertThat(report.summary()).containsEntry("ROLE_MISSING", 22).containsEntry("ACCESS_VERIFIED", 43)
                .containsEntry("SKIPPED", 1);
        assertThat(report.json()).containsEntry("complete", true).doesNotContainKey("run");
    }

    @Test
    void organizationalUnit_directOrWholeSubtree() {
        guard = Guard.start(OrganizationSeed.builder().organizationId(Fixtures.ORGANIZATION_ID)
                .managementAccount(Accounts.management())
                .root("r-t1a2")
                .organizationalUnit(PRODUCTION, "Production", "r-t1a2")
                .organizationalUnit(PAYMENTS, "Payments", PRODUCTION)
                .organizationalUnit(SANDBOX, "Sandbox", "r-t1a2")
                .account(Accounts.member("210000000001", "Prod A").parentId(PRODUCTION).role(Accounts.accessRole())
                        .build())
                .account(Accounts.member("210000000002", "Payments A").parentId(PAYMENTS)
                        .role(Accounts.accessRole()).build())
                .account(Accounts.member("210000000003", "Sandbox A").parentId(SANDBOX).build())
                .build());

        Report direct = guard.manual("{\"organizationalUnitId\": \"" + PRODUCTION + "\", \"notify\": \"none\"}");
        Report subtree = guard.manual("{\"organizationalUnitId\": \"" + PRODUCTION + "\", \"recursive\": true,"
                + " \"notify\": \"none\"}");

        assertThat(ids(direct)).containsExactly("210000000001");
        assertThat(ids(subtree)).containsExactly("210000000001", "210000000002");
    }

    @Test
    void accountIds_areCheckedInAccountOrder() {
        guard = Guard.start(Accounts.organization().build());

        Report report = guard.manual("{\"accountIds\": [\"" + WITH_NOTHING + "\", \"" + WITH_ACCESS_ROLE
                + "\"], \"notify\": \"none\"}");

        assertThat(ids(report)).containsExactly(WITH_ACCESS_ROLE, WITH_NOTHING);
    }

    @Test
    void aRunOverEveryAccountNeedingThreeInvocations_isContinuedByTheSameRequest_andEndsInOneDigest() {
        guard = Guard.start(manyAccounts(40).build(), EmulatorOptions.builder()
                .latency(Duration.ofMillis(40)).build(), Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0",
                GuardConfig.MAX_CONCURRENCY, "2"));
        // Just over what one account reserves (30 s of calls + 15 s to wrap up): a few accounts fit, then it stops.
        long budget = Duration.ofSeconds(45).plusMillis(400).toMillis();

        var seen = new ArrayList<String>();
        int invocations = 0;
        Report report;
        do {
            report = guard.manual("{\"all\": true}", new TestContext(budget));
            seen.addAll(ids(report));
            invocations++;
            if (report.json().containsKey("run")) {
                assertThat(report.json()).containsEntry("complete", false);
                assertThat(guard.aws().publishedMessages()).as("no digest before the run ends").isEmpty();
                @SuppressWarnings("unchecked")
                var run = (Map<String, Object>) report.json().get("run");
                assertThat((String) run.get("continueNow")).as("one command, that works as printed")
                        .contains("aws", "lambda", "invoke", "{\"reconcile\": \"continue\"}");
            }
        } while (report.json().containsKey("run") && invocations < 100);

        assertThat(invocations).as("the budget really cut the run").isGreaterThanOrEqualTo(3);
        assertThat(report.json()).containsEntry("complete", true);
        assertThat(seen).as("every account exactly once").hasSize(41).doesNotHaveDuplicates();
        assertThat(calls("AssumeRole").stream()
                .filter(call -> "org-access-guard-probe".equals(call.parameters().get("RoleSessionName")))
                .map(call -> call.parameters().get("RoleArn")).toList())
                .as("no account probed twice").doesNotHaveDuplicates().hasSize(40);
        List<String> missing = IntStream.range(0, 40).filter(i -> i % 3 == 0)
                .mapToObj(i -> String.valueOf(200_000_000_000L + i)).toList();
        assertThat(guard.aws().publishedMessages()).as("one digest for the whole run").singleElement()
                .satisfies(digest -> assertThat((String) body(digest).get("default")).contains(missing));
    }

    @Test
    void anOldCursor_isRefusedNamingTheNewWay_beforeAnythingIsDone() {
        guard = Guard.start(manyAccounts(3).build());

        assertThatThrownBy(() -> guard.manual("{\"all\": true, \"cursor\": \"bm90LWEtY3Vyc29y\"}"))
                .isInstanceOf(InvalidRequestException.class).hasMessageStartingWith("cursor:")
                .hasMessageContaining("{\"reconcile\": \"continue\"}");
        assertThat(guard.aws().calls()).isEmpty();
    }

    @Test
    void throttlingOnEveryService_isAbsorbedAndEveryAccountFinishes() {
        guard = Guard.start(manyAccounts(24).build(), EmulatorOptions.builder()
                .throttle("organizations", 1).throttle("sts", 8).throttle("iam", 8).throttle("sns", 2)
                .throttle("dynamodb", 2).build(),
                Map.of(GuardConfig.MAX_CONCURRENCY, "8"));

        Report report = guard.manual("{\"all\": true, \"notify\": \"each\"}");

        assertThat(ids(report)).hasSize(25);
        assertThat(report.summary()).doesNotContainKey("FAILED").containsEntry("ROLE_MISSING", 8);
        assertThat(guard.aws().calls()).extracting(CallRecord::errorCode)
                .contains("Throttling", "TooManyRequestsException", "ThrottlingException");
        assertThat(guard.aws().publishedMessages()).hasSize(8);
    }

    @Test
    void secondBackfill_changesNothingAndNotifiesNoOne() {
        guard = Guard.start(Accounts.organization().build());
        Report first = guard.manual("{\"all\": true}");
        assertThat(guard.aws().publishedMessages()).as("one digest for the first run").hasSize(1);
        assertThat(first.outcome(Accounts.WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        guard.aws().clearCalls();
        guard.aws().clearPublishedMessages();
        var statuses = statusItems();

        Report second = guard.manual("{\"all\": true}");

        assertThat(second.outcome(Accounts.WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(guard.aws().publishedMessages()).isEmpty();
        assertThat(guard.aws().calls()).extracting(CallRecord::action).doesNotContain("CreateRole",
                "AttachRolePolicy", "UpdateAssumeRolePolicy", "TagRole", "Publish");
        // The run's own progress is written (it is a stored run); no account's status is.
        assertThat(statusItems()).isEqualTo(statuses);
    }

    @Test
    void digest_countsEveryOutcomeAndListsTheAccountsToAnnounce() {
        guard = Guard.start(Accounts.organization().build());

        Report report = guard.manual("{\"all\": true}");

        PublishedMessage digest = guard.aws().publishedMessages().getFirst();
        assertThat(digest.subject()).contains("2 account(s) need action, 1 changed, of 6 checked");
        assertThat(digest.attributes()).containsEntry("outcome", "DIGEST");
        Map<String, Object> body = body(digest);
        assertThat((String) body.get("default")).contains("ROLE_MISSING").contains(WITH_NOTHING)
                .contains("aws iam create-role --role-name " + ACCESS_ROLE)
                .contains("TRUST_MISMATCH").contains(Accounts.WITH_FOREIGN_TRUST);
        Map<String, Object> machine = json((String) body.get("sqs"));
        assertThat(machine).containsEntry("type", "digest").containsEntry("checked", 6)
                .containsEntry("accountsOmitted", 0);
        assertThat(report.result(WITH_NOTHING)).containsEntry("notificationMessageId", digest.messageId());
        assertThat(report.result(WITH_ACCESS_ROLE)).doesNotContainKey("notificationMessageId");
    }

    @Test
    void digestOfThousandsOfProblems_staysWithinSnsLimit_andNamesEveryOne() {
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(Fixtures.ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        IntStream.range(0, 1200).forEach(i -> organization.account(
                Accounts.member(String.valueOf(300_000_000_000L + i), "Account without a role " + i).build()));
        guard = Guard.start(organization.build(), EmulatorOptions.builder().build(),
                Map.of(GuardConfig.BOOTSTRAP_ROLE_NAMES, "", GuardConfig.MAX_CONCURRENCY, "16"));

        Report report = guard.manual("{\"all\": true}");

        assertThat(report.summary()).containsEntry("ROLE_MISSING", 1200);
        assertThat(guard.aws().publishedMessages()).hasSize(1);
        PublishedMessage digest = guard.aws().publishedMessages().getFirst();
        assertThat(digest.message().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(256 * 1024);
        String text = (String) body(digest).get("default");
        IntStream.range(0, 1200).forEach(i -> assertThat(text).contains(String.valueOf(300_000_000_000L + i)));
        Map<String, Object> machine = json((String) body(digest).get("sqs"));
        assertThat(machine).containsEntry("accountsAnnounced", 1200).containsEntry("accountsOmitted", 0);
    }

    @Test
    void lostAccess_isAnnouncedOnceThenOnlyAsAReminder() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(), QUIET);
        String request = "{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\"]}";
        guard.manual(request);
        assertThat(guard.status(WITH_ACCESS_ROLE)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ACCESS_VERIFIED"));
        assertThat(guard.aws().publishedMessages()).isEmpty();

        deleteAccessRole(WITH_ACCESS_ROLE);
        Report lost = guard.manual(request);
        Report again = guard.manual(request);

        assertThat(lost.outcome(WITH_ACCESS_ROLE)).isEqualTo("ROLE_MISSING");
        assertThat(lost.result(WITH_ACCESS_ROLE)).containsKey("notificationMessageId");
        assertThat(again.result(WITH_ACCESS_ROLE)).doesNotContainKey("notificationMessageId");
        assertThat(guard.aws().publishedMessages()).hasSize(1);
        assertThat(guard.status(WITH_ACCESS_ROLE)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ROLE_MISSING").containsKeys("since", "notifiedAt"));

        // A week later (the default reminder interval), the still-open problem is announced again.
        Instant weekAgo = Instant.now().minus(Duration.ofDays(8)).truncatedTo(ChronoUnit.SECONDS);
        guard.recordStatus(WITH_ACCESS_ROLE, Map.of("status", "ROLE_MISSING", "since", weekAgo.toString(),
                "notifiedAt", weekAgo.toString()));
        Report reminder = guard.manual(request);

        assertThat(reminder.result(WITH_ACCESS_ROLE)).containsKey("notificationMessageId");
        assertThat(guard.aws().publishedMessages()).hasSize(2);
    }

    @Test
    void digestThatCouldNotBePublished_isAnnouncedByTheRetry() {
        guard = Guard.start(Accounts.organization().build());
        guard.aws().faults().failNext("sns", "Publish", 20, "InternalError", 500);

        assertThatThrownBy(() -> guard.manual("{\"all\": true}")).hasMessageContaining("InternalError");
        assertThat(guard.aws().publishedMessages()).isEmpty();
        guard.aws().faults().clearScripted();

        // Every account is checked and staged: the retry (the same request) only sends the digest.
        guard.manual("{\"all\": true}");

        assertThat(guard.aws().publishedMessages()).singleElement().satisfies(digest -> assertThat((String) body(
                digest).get("default")).contains(WITH_NOTHING));
        assertThat(guard.status(WITH_NOTHING)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ROLE_MISSING").containsKey("notifiedAt"));
    }

    private void deleteAccessRole(String accountId) {
        AwsCredentials admin = guard.aws().credentialsFor(accountId);
        try (IamClient iam = IamClient.builder().endpointOverride(guard.aws().endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        admin.accessKeyId(), admin.secretAccessKey()))).build()) {
            iam.listAttachedRolePolicies(r -> r.roleName(ACCESS_ROLE)).attachedPolicies().forEach(policy ->
                    iam.detachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(policy.policyArn())));
            iam.deleteRole(r -> r.roleName(ACCESS_ROLE));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(PublishedMessage message) {
        return (Map<String, Object>) Json.parse(message.message());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) Json.parse(text);
    }
}
