package io.orgaccessguard.it.directory;

import static io.orgaccessguard.it.support.Accounts.SUSPENDED;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.s3.S3Object;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.ArtifactBucket;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The access directory in the artifact bucket after a full reconcile, through the real handler and SDK clients against
 * the emulator: every active member account (not the suspended one, not the management account) with its OU path and
 * the status the run recorded, the CLI profiles of those that can be entered, and a digest that names where they are.
 * The page itself in a browser and the file in the AWS CLI are {@code it/browser} and {@code it/cli}.
 */
class AccessDirectoryInBucketTest {

    private static final DateTimeFormatter STORED = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** One account of the directory: status, name, OU path, joined method and since, by account ID. */
    record Row(String status, String name, String ou, String joined, Instant since) {
    }

    /**
     * The directory's accounts as {@code accounts.json} gives them (the page's fields; what the page shows of them is
     * it/browser's), each one also in the page's data.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Row> rows() {
        String page = guard.aws().s3Object(ArtifactBucket.NAME, "access-directory.html").orElseThrow().bodyAsString();
        var document = (Map<String, Object>) Json.parse(guard.aws().s3Object(ArtifactBucket.NAME, "accounts.json")
                .orElseThrow().bodyAsString());
        var rows = new LinkedHashMap<String, Row>();
        for (Map<String, Object> account : (List<Map<String, Object>>) document.get("accounts")) {
            List<String> ou = (List<String>) account.get("ouPath");
            String id = (String) account.get("accountId");
            assertThat(page).contains("[\"" + id + "\",");
            rows.put(id, new Row((String) account.get("status"), (String) account.get("name"),
                    ou.isEmpty() ? "(root)" : String.join(" / ", ou), (String) account.get("joinedMethod"),
                    Instant.parse((String) account.get("since"))));
        }
        return rows;
    }

    private List<String> profiles() {
        return guard.aws().s3Object(ArtifactBucket.NAME, "aws-config").orElseThrow().bodyAsString().lines()
                .filter(line -> line.startsWith("[profile ")).toList();
    }

    @Test
    void afterAScheduledRun_theBucketHoldsEveryActiveMemberAccount_withTheStatusTheRunRecorded() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7).build(),
                ArtifactBucket.ENV);

        guard.manual("{\"reconcile\": \"start\"}");

        Map<String, Row> rows = rows();
        assertThat(rows.keySet()).as("active accounts only, the management account as itself")
                .containsExactlyInAnyOrder(WITH_ACCESS_ROLE, WITH_BOOTSTRAP_ONLY, WITH_NOTHING, WITH_FOREIGN_TRUST,
                        MANAGEMENT_ACCOUNT_ID).doesNotContain(SUSPENDED);
        assertThat(rows.remove(MANAGEMENT_ACCOUNT_ID).status()).isEqualTo("MANAGEMENT_ACCOUNT");
        assertThat(rows.get(WITH_ACCESS_ROLE)).extracting(Row::status, Row::name, Row::ou, Row::joined)
                .containsExactly("ACCESS_VERIFIED", "Payments Prod", "Workloads", "INVITED");
        assertThat(rows.get(WITH_BOOTSTRAP_ONLY)).extracting(Row::status, Row::ou)
                .as("the role the run created").containsExactly("ACCESS_VERIFIED", "Workloads / Data");
        assertThat(rows.get(WITH_NOTHING)).extracting(Row::status, Row::ou).containsExactly("ROLE_MISSING", "(root)");
        assertThat(rows.get(WITH_FOREIGN_TRUST).status()).isEqualTo("TRUST_MISMATCH");
        rows.forEach((account, row) -> assertThat(STORED.format(row.since())).as("%s since", account)
                .isEqualTo(guard.status(account).orElseThrow().get("since")));

        assertThat(profiles()).containsExactlyInAnyOrder("[profile payments-prod]", "[profile data-lake-dev]");
        S3Object page = guard.aws().s3Object(ArtifactBucket.NAME, "access-directory.html").orElseThrow();
        assertThat(page.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(page.serverSideEncryption()).isEqualTo("aws:kms");
        assertThat(page.kmsKeyId()).isEqualTo(Fixtures.ARTIFACT_BUCKET_KEY);

        Map<?, ?> digest = (Map<?, ?>) Json.parse((String) ((Map<?, ?>) Json.parse(guard.aws().publishedMessages()
                .getLast().message())).get("sqs"));
        assertThat(digest.get("type")).isEqualTo("digest");
        @SuppressWarnings("unchecked")
        Map<String, Object> directory = (Map<String, Object>) digest.get("accessDirectory");
        assertThat(directory).containsEntry("page",
                "s3://" + ArtifactBucket.NAME + "/access-directory.html")
                .containsEntry("awsConfig", "s3://" + ArtifactBucket.NAME + "/aws-config");

        assertThat(guard.aws().calls().stream().filter(call -> call.service().equals("organizations"))
                .collect(Collectors.groupingBy(CallRecord::action, Collectors.counting())))
                .as("listed once, with OU paths: the root, and per parent (root, Workloads, Data) its OUs and one"
                        + " page of accounts; no account described one by one")
                .isEqualTo(Map.of("DescribeOrganization", 1L, "ListRoots", 1L, "ListOrganizationalUnitsForParent", 3L,
                        "ListAccountsForParent", 3L));
    }

    @Test
    void aManualRunOverEveryAccount_rewritesTheDirectory_aRunOverSomeAccountsDoesNot() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7).build(),
                ArtifactBucket.ENV);

        guard.manual("{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\"]}");
        assertThat(guard.aws().s3Object(ArtifactBucket.NAME, "access-directory.html")).isEmpty();

        guard.manual("{\"all\": true}");
        assertThat(rows()).hasSize(4 + 1);
        assertThat(guard.aws().s3ObjectVersions(ArtifactBucket.NAME, "access-directory.html")).hasSize(1);

        guard.manual("{\"organizationalUnitId\": \"" + Accounts.WORKLOADS_OU + "\", \"recursive\": true}");
        assertThat(guard.aws().s3ObjectVersions(ArtifactBucket.NAME, "access-directory.html")).hasSize(1);

        guard.manual("{\"all\": true}");
        assertThat(guard.aws().s3ObjectVersions(ArtifactBucket.NAME, "access-directory.html"))
                .as("each full run writes a new version").hasSize(2);
    }

    /**
     * What walking the OU tree costs: a page of 20 accounts per parent, as ListAccounts would cost, plus the root and
     * one ListOrganizationalUnitsForParent per parent: an organization in a few OUs costs about as many pages as its
     * accounts fill. Issue 11's bound, 520 Organizations calls for 10,000 unchanged accounts, holds with room.
     */
    @Test
    void anOrganizationInAFewOus_isListedInAboutOnePagePerTwentyAccounts() {
        int members = Integer.getInteger("it.directory.members", 1_000);
        String[] ous = {"ou-exam-teama001", "ou-exam-teamb001", "ou-exam-teamc001", "ou-exam-teamd001"};
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(Fixtures.ORGANIZATION_ID)
                .managementAccount(Accounts.management()).root(Accounts.ROOT);
        for (int i = 0; i < ous.length; i++) {
            organization.organizationalUnit(ous[i], "Team " + (char) ('A' + i), Accounts.ROOT);
        }
        IntStream.range(0, members).forEach(i -> organization.account(Accounts.member(
                String.valueOf(200_000_000_000L + i), "Member " + i).parentId(ous[i % ous.length])
                .role(Accounts.accessRole()).build()));
        guard = Guard.start(organization.build(), EmulatorOptions.builder().seed(7).build(), ArtifactBucket.ENV);

        guard.manual("{\"reconcile\": \"start\"}");

        Map<String, Long> calls = guard.aws().calls().stream().filter(call -> call.service().equals("organizations"))
                .collect(Collectors.groupingBy(CallRecord::action, Collectors.counting()));
        long total = calls.values().stream().mapToLong(Long::longValue).sum();
        System.out.println("[organizations] " + members + " accounts in " + ous.length + " OUs: " + total
                + " calls " + calls);
        long accountPages = 1 + ous.length * (long) Math.ceil(members / (double) ous.length / 20);
        assertThat(calls).isEqualTo(Map.of("DescribeOrganization", 1L, "ListRoots", 1L,
                "ListOrganizationalUnitsForParent", 1L + ous.length, "ListAccountsForParent", accountPages));
        assertThat(total).isLessThanOrEqualTo(members / 20 + 2L * (ous.length + 1) + 2);
        assertThat(rows()).hasSize(members + 1);
    }
}
