package io.orgaccessguard.it;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: the scheduled reconcile over an organization too large for one invocation, through the real handler and
 * SDK clients against the emulator: each invocation is given little more than the time it keeps in reserve, so the run
 * needs several, as the 15-minute continue schedule would drive them.
 */
class ScheduledReconcileTest {

    private static final int MEMBERS = 240;
    /** The reserves are 35 s an account (30 s + the 5 s wait of Guard.BASE_ENV) and 15 s to wrap up: ~2 s of work. */
    private static final long LITTLE_TIME_MS = 52_000;
    private static final String START = "{\"reconcile\": \"start\"}";
    private static final String CONTINUE = "{\"reconcile\": \"continue\"}";

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private static OrganizationSeed organization() {
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        IntStream.range(0, MEMBERS).forEach(i -> {
            var member = Accounts.member(String.valueOf(200_000_000_000L + i), "Member " + i);
            if (i % 20 != 0) {
                member.role(Accounts.accessRole());
            }
            organization.account(member.build());
        });
        return organization.build();
    }

    private boolean runFinished() {
        return guard.aws().dynamoItems(MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE).stream()
                .filter(item -> "run".equals(item.get("pk")) && "current".equals(item.get("sk")))
                .anyMatch(item -> Boolean.TRUE.equals(item.get("digestSent")));
    }

    /** A start, then continues until the run is finished; the number of invocations. */
    private int runToTheEnd() {
        guard.manual(START, new TestContext(LITTLE_TIME_MS));
        int invocations = 1;
        while (!runFinished()) {
            guard.manual(CONTINUE, new TestContext(LITTLE_TIME_MS));
            assertThat(++invocations).as("the run ends").isLessThan(40);
        }
        return invocations;
    }

    private Map<String, Long> probesPerAccount() {
        return guard.aws().calls().stream().filter(call -> call.action().equals("AssumeRole"))
                .map(call -> call.parameters().get("RoleArn"))
                .filter(arn -> arn.endsWith(":role/" + ACCESS_ROLE))
                .collect(Collectors.groupingBy(arn -> arn.split(":")[4], Collectors.counting()));
    }

    private List<Map<String, Object>> statusItems() {
        return guard.aws().dynamoItems(MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE).stream()
                .filter(item -> String.valueOf(item.get("pk")).startsWith("account#")).toList();
    }

    private List<CallRecord> organizationsCalls() {
        return guard.aws().calls().stream().filter(call -> call.service().equals("organizations")).toList();
    }

    @Test
    void aRunTooLargeForOneInvocation_checksEveryAccountOnce_endsInOneDigest_andNotAgainWhenRunAgain() {
        guard = Guard.start(organization(), EmulatorOptions.builder().seed(7)
                .latency(Duration.ofMillis(40)).build(), Map.of());

        int invocations = runToTheEnd();

        assertThat(invocations).as("the run needed more than one invocation").isGreaterThan(1);
        assertThat(probesPerAccount()).as("every member probed, each exactly once").hasSize(MEMBERS)
                .allSatisfy((account, probes) -> assertThat(probes).as(account).isEqualTo(1L));
        assertThat(guard.aws().publishedMessages()).as("one digest for the whole run").singleElement()
                .satisfies(digest -> {
                    assertThat(digest.subject()).contains("of " + (MEMBERS + 1) + " checked");
                    @SuppressWarnings("unchecked")
                    var machine = (Map<String, Object>) Json.parse((String) ((Map<?, ?>) Json.parse(digest.message()))
                            .get("sqs"));
                    assertThat(machine).containsEntry("checked", MEMBERS + 1)
                            .containsEntry("counts", Map.of("ACCESS_VERIFIED", MEMBERS - MEMBERS / 20,
                                    "ROLE_MISSING", MEMBERS / 20, "SKIPPED", 1));
                    assertThat(machine).containsEntry("accountsAnnounced", MEMBERS / 20)
                            .containsEntry("accountsOmitted", 0);
                    assertThat(List.<Object>copyOf(((Map<?, ?>) machine.get("accountIdsByOutcome")).keySet()))
                            .containsExactly("ROLE_MISSING");
                });
        assertThat(organizationsCalls()).extracting(CallRecord::action)
                .as("the organization listed once, with OU paths: its root, a page per 20 accounts (all under the"
                        + " root here) and the root's OUs (none)")
                .filteredOn(action -> action.startsWith("List"))
                .containsOnly("ListRoots", "ListAccountsForParent", "ListOrganizationalUnitsForParent")
                .filteredOn("ListAccountsForParent"::equals).hasSize((MEMBERS + 1 + 19) / 20);

        List<Map<String, Object>> statuses = statusItems();
        guard.aws().clearCalls();
        int again = runToTheEnd();

        assertThat(guard.aws().publishedMessages()).as("an unchanged organization: no second digest").hasSize(1);
        assertThat(statusItems()).as("and no status written").isEqualTo(statuses);
        assertThat(guard.aws().calls()).extracting(CallRecord::action).as("statuses read 100 at a time")
                .filteredOn("BatchGetItem"::equals).hasSizeLessThanOrEqualTo(MEMBERS / 100 + 2 * again);
        assertThat(organizationsCalls()).as("Organizations calls of the second run (%s invocations)", again)
                .hasSizeLessThanOrEqualTo((MEMBERS + 1 + 19) / 20 + 2 + again);
    }

    @Test
    void continueWithNoRunUnderWay_readsOneItemAndEnds() {
        guard = Guard.start(organization());

        Report report = guard.manual(CONTINUE);

        assertThat(report.results()).isEmpty();
        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note).contains("no run to continue"));
        assertThat(guard.aws().calls()).extracting(CallRecord::action)
                .containsExactlyInAnyOrder("DescribeOrganization", "GetItem");
    }

    /** A full tag set used to cost the status: the status now lives in the stack's table. */
    @Test
    void anAccountWithFiftyTags_keepsItsStatus_andIsNotAnnouncedAgain() {
        var member = Accounts.member("200000000001", "Tagged to the brim");
        IntStream.range(0, 50).forEach(i -> member.tag("team-tag-" + i, "value " + i));
        guard = Guard.start(OrganizationSeed.builder().organizationId(ORGANIZATION_ID)
                .managementAccount(Accounts.management()).account(member.build()).build());

        guard.manual("{\"accountIds\": [\"200000000001\"]}");
        guard.manual("{\"accountIds\": [\"200000000001\"]}");

        assertThat(guard.status("200000000001")).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ROLE_MISSING").containsKey("notifiedAt"));
        assertThat(guard.aws().publishedMessages()).hasSize(1);
    }

    /**
     * Issue 17, the upgrade: a run the previous version left under way, in its item shapes (a run item without a plan,
     * its list under run#<id>/accounts#<position>#<n>, statuses to record under pending#, rendered words under digest#),
     * is restarted over the list it saved, and ends in one digest; a role that version created and never announced is
     * announced as created.
     */
    @Test
    void aRunLeftUnderWayInTheOldItemShapes_isRestartedCleanly_andEndsInOneDigest() {
        String runId = "2026-12-01T08:00:00Z";
        List<String> ids = IntStream.range(0, 30).mapToObj(i -> String.valueOf(200_000_000_000L + i)).toList();
        String createdByTheOldVersion = ids.get(1);
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        for (int i = 0; i < ids.size(); i++) {
            var member = Accounts.member(ids.get(i), "Member " + i);
            if (i == 1) {
                member.role(io.orgaccessguard.emulator.seed.RoleSeed.builder(ACCESS_ROLE)
                        .trusting(Fixtures.MANAGEMENT_ROOT).managedPolicy(Fixtures.ADMINISTRATOR_ACCESS)
                        .tag("created-by", "org-access-guard")
                        .tag("org-access-guard:creation-id", "a-run-of-the-old-version").build());
            } else if (i % 5 != 0) {
                member.role(Accounts.accessRole());
            }
            organization.account(member.build());
        }
        guard = Guard.start(organization.build());
        var list = new java.util.ArrayList<Map<String, Object>>();
        list.add(accountRow(MANAGEMENT_ACCOUNT_ID, "Management"));
        ids.forEach(id -> list.add(accountRow(id, "Member " + ids.indexOf(id))));
        var oldRun = new java.util.LinkedHashMap<String, Object>();
        oldRun.put("pk", "run");
        oldRun.put("sk", "current");
        oldRun.put("runId", runId);
        oldRun.put("startedAt", runId);
        oldRun.put("accounts", list.size());
        oldRun.put("listed", true);
        oldRun.put("lastAccountId", ids.get(8));
        oldRun.put("counts", Map.of("ROLE_MISSING", 2, "ACCESS_VERIFIED", 7, "SKIPPED", 1));
        oldRun.put("checked", 10);
        oldRun.put("checkedAll", false);
        oldRun.put("digestSent", false);
        oldRun.put("version", 7);
        putItem(oldRun);
        putItem(Map.of("pk", "run#" + runId, "sk", "accounts#000000000#000", "accounts", Json.write(list)));
        putItem(Map.of("pk", "pending#" + runId, "sk", ids.get(0), "status", "ROLE_MISSING", "since", runId));
        putItem(Map.of("pk", "digest#" + runId, "sk", ids.get(0), "message", "{\"accountId\": \"" + ids.get(0)
                + "\", \"outcome\": \"ROLE_MISSING\", \"reason\": \"words of the old version\"}"));

        int invocations = 0;
        while (!runFinished()) {
            guard.manual(CONTINUE);
            assertThat(++invocations).as("the run ends").isLessThan(5);
        }

        assertThat(guard.aws().publishedMessages()).as("one digest").singleElement().satisfies(digest -> {
            @SuppressWarnings("unchecked")
            var machine = (Map<String, Object>) Json.parse((String) ((Map<?, ?>) Json.parse(digest.message()))
                    .get("sqs"));
            assertThat(machine).containsEntry("runId", runId).containsEntry("checked", ids.size() + 1);
            assertThat((Map<?, ?>) machine.get("accountIdsByOutcome")).satisfies(byOutcome -> {
                assertThat(List.<Object>copyOf((List<?>) byOutcome.get("ROLE_MISSING"))).containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, ids.size()).filter(i -> i % 5 == 0).mapToObj(ids::get).toList());
                assertThat(List.<Object>copyOf((List<?>) byOutcome.get("ROLE_CREATED")))
                        .containsExactly(createdByTheOldVersion);
            });
            assertThat((String) ((Map<?, ?>) Json.parse(digest.message())).get("default"))
                    .doesNotContain("words of the old version");
        });
        assertThat(guard.status(ids.get(0))).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ROLE_MISSING").containsKey("notifiedAt"));
        assertThat(guard.status(createdByTheOldVersion)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ACCESS_VERIFIED").containsKey("notifiedAt"));
        assertThat(guard.aws().dynamoItems(MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE)).filteredOn(item ->
                "run".equals(item.get("pk"))).singleElement().satisfies(run -> assertThat(run)
                .containsEntry("runId", runId).containsEntry("scope", "all").containsEntry("digestSent", true));
    }

    private static Map<String, Object> accountRow(String id, String name) {
        var row = new java.util.LinkedHashMap<String, Object>();
        row.put("id", id);
        row.put("name", name);
        row.put("email", id + "@example.com");
        row.put("state", "ACTIVE");
        row.put("joinedMethod", "INVITED");
        row.put("joinedAt", "2020-01-01T00:00:00Z");
        return row;
    }

    private void putItem(Map<String, ?> item) {
        guard.aws().putDynamoItem(MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE, item);
    }
}
