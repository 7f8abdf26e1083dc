package io.orgaccessguard.it;

import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.ArtifactBucket;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a digest names every account it announces. A scheduled run over 1,000 accounts, 600 of them with no way
 * in, sends one digest that names all 600 on a line each, within SNS's 256 KiB, and links the run's complete report
 * in the stack's bucket, which gives every one of them its remediation.
 */
class DigestOfEveryAccountTest {

    private static final int MEMBERS = 1_000;
    private static final int WITHOUT_A_WAY_IN = 600;
    /** "at most 256 KB in size (262,144 bytes, not 262,144 characters)": https://docs.aws.amazon.com/sns/latest/api/API_Publish.html */
    private static final int SNS_MAX_MESSAGE_BYTES = 262_144;

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private static String id(int i) {
        return String.valueOf(400_000_000_000L + i);
    }

    /** Accounts 0..599 have nothing (no role, no bootstrap role); the rest have the access role. Long names. */
    private static OrganizationSeed organization() {
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        IntStream.range(0, MEMBERS).forEach(i -> {
            var member = Accounts.member(id(i), "Workload account with a name well past fifty characters " + i);
            if (i >= WITHOUT_A_WAY_IN) {
                member.role(Accounts.accessRole());
            }
            organization.account(member.build());
        });
        return organization.build();
    }

    @Test
    void aRunOf1000AccountsOfWhich600NeedAPerson_sendsOneDigestNamingAll600_withinSnsLimit_andTheReportHasTheRest() {
        var env = new HashMap<>(ArtifactBucket.ENV);
        env.put(GuardConfig.BOOTSTRAP_ROLE_NAMES, "");
        env.put(GuardConfig.MAX_CONCURRENCY, "16");
        guard = Guard.start(organization(), EmulatorOptions.builder().seed(7).build(), env);

        guard.manual("{\"reconcile\": \"start\"}");

        assertThat(guard.aws().publishedMessages()).as("one digest").singleElement();
        PublishedMessage digest = guard.aws().publishedMessages().getFirst();
        int bytes = digest.message().getBytes(StandardCharsets.UTF_8).length;
        System.out.println("digest of " + WITHOUT_A_WAY_IN + " of " + MEMBERS + " accounts: " + bytes
                + " bytes (Message), subject " + digest.subject());
        assertThat(bytes).isLessThanOrEqualTo(SNS_MAX_MESSAGE_BYTES);
        Map<String, Object> body = object(Json.parse(digest.message()));
        String text = (String) body.get("default");
        List<String> lines = text.lines().filter(line -> line.startsWith("4000000")).toList();
        assertThat(lines).as("one line each, every account that needs a person").hasSize(WITHOUT_A_WAY_IN)
                .allSatisfy(line -> assertThat(line).contains("ROLE_MISSING", "nothing: needs a person")
                        .as("the name, cut to 50 characters").contains("Workload account with a name well past fifty ch...")
                        .doesNotContain("fifty characters"));
        IntStream.range(0, WITHOUT_A_WAY_IN).forEach(i -> assertThat(text).contains(id(i) + "  Workload"));
        assertThat(text).as("the one-click links, once")
                .containsOnlyOnce("creates the access role").containsOnlyOnce("creates the bootstrap role")
                .containsOnlyOnce("Who can follow a link");
        String reportKey = "reports/";
        assertThat(text).contains("s3://" + ArtifactBucket.NAME + "/" + reportKey,
                ".console.aws.amazon.com/s3/object/" + ArtifactBucket.NAME + "?region=");
        assertThat(text).as("full remediation for as many as fit").contains("aws iam create-role");

        Map<String, Object> machine = object(Json.parse((String) body.get("sqs")));
        assertThat(machine).containsEntry("accountsAnnounced", WITHOUT_A_WAY_IN).containsEntry("accountsOmitted", 0);
        assertThat(object(machine.get("accountIdsByOutcome")).get("ROLE_MISSING")).asList()
                .hasSize(WITHOUT_A_WAY_IN);
        String reportUri = (String) object(machine.get("report")).get("s3Uri");
        String key = reportUri.substring(("s3://" + ArtifactBucket.NAME + "/").length());
        assertThat(key).startsWith(reportKey).doesNotStartWith("member-templates/");
        String report = guard.aws().s3Object(ArtifactBucket.NAME, key).orElseThrow().bodyAsString();
        IntStream.range(0, WITHOUT_A_WAY_IN).forEach(i -> assertThat(report).contains("- " + id(i) + " "));
        assertThat(report.split("aws iam create-role --role-name", -1)).as("every account's remediation")
                .hasSizeGreaterThan(WITHOUT_A_WAY_IN);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }
}
