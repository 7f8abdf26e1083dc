package io.orgaccessguard.notify;

import static io.orgaccessguard.notify.Fixtures.MEMBER;
import static io.orgaccessguard.notify.Fixtures.accountResult;
import static io.orgaccessguard.notify.Fixtures.config;
import static io.orgaccessguard.notify.Fixtures.list;
import static io.orgaccessguard.notify.Fixtures.object;
import static io.orgaccessguard.notify.Fixtures.result;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.Announcer.RunDigest;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.InMemoryArtifactStore;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Alerts that need a person in the member account lead with CloudFormation quick-create links
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-create-stacks-quick-create-links.html),
 * every parameter filled in, and the templates are in the bucket before the first alert that links to them.
 */
class OneClickFixTest {

    static final String BUCKET = "org-access-guard-artifactbucket-1q2w3e4r5t6y";
    private static final String ACCESS_KEY = "member-templates/access-role.yaml";
    private static final String BOOTSTRAP_KEY = "member-templates/bootstrap-role.yaml";

    private final GuardConfig withBucket = config("ARTIFACT_BUCKET", BUCKET, "NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
    private SnsClient sns;

    @AfterEach
    void closeClient() {
        if (sns != null) {
            sns.close();
        }
    }

    private static Notification render(Outcome outcome, GuardConfig config) {
        return new NotificationRenderer().render(result(outcome), ORGANIZATION, config);
    }

    /** The link's query as the console reads it: after the route's {@code ?}, each value URL-decoded. */
    private static Map<String, String> query(String link) {
        String fragment = URI.create(link).getRawFragment();
        var query = new LinkedHashMap<String, String>();
        for (String pair : fragment.substring(fragment.indexOf('?') + 1).split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    private static List<String> links(String text) {
        return text.lines().map(String::strip).filter(line -> line.contains("#/stacks/create/review?")).toList();
    }

    @Test
    void roleMissing_leadsWithTheAccessRoleLink_thenTheBootstrapRoleLink_thenTheTextOfToday() {
        String email = render(Outcome.ROLE_MISSING, withBucket).emailText();
        String withoutBucket = render(Outcome.ROLE_MISSING, config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN)).emailText();

        assertThat(email).startsWith("FIX IT IN ONE CLICK: account " + MEMBER + " (Payments Prod), ROLE_MISSING\n");
        assertThat(email).endsWith(withoutBucket);
        List<String> links = links(email);
        assertThat(links).hasSize(2);
        assertThat(email.indexOf(links.get(0))).isLessThan(email.indexOf(links.get(1)))
                .isLessThan(email.indexOf("WHAT TO DO"));

        assertThat(query(links.get(0))).containsExactly(
                Map.entry("templateURL", "https://" + BUCKET + ".s3.us-east-1.amazonaws.com/" + ACCESS_KEY),
                Map.entry("stackName", "org-access-guard-access-role"),
                Map.entry("param_ManagementAccountId", MANAGEMENT_ACCOUNT_ID),
                Map.entry("param_AccessRoleName", "OrganizationAccountAccessRole"),
                Map.entry("param_PolicyArns", ADMINISTRATOR_ACCESS),
                Map.entry("param_TrustedPrincipalArns", MANAGEMENT_ROOT));
        assertThat(query(links.get(1))).containsExactly(
                Map.entry("templateURL", "https://" + BUCKET + ".s3.us-east-1.amazonaws.com/" + BOOTSTRAP_KEY),
                Map.entry("stackName", "org-access-guard-bootstrap-role"),
                Map.entry("param_ManagementAccountId", MANAGEMENT_ACCOUNT_ID),
                Map.entry("param_BootstrapRoleName", "OrgAccessGuardBootstrap"),
                Map.entry("param_AccessRoleName", "OrganizationAccountAccessRole"));
        assertThat(email).contains("let org-access-guard keep OrganizationAccountAccessRole right from now on",
                "The bootstrap role is used only once BOOTSTRAP_ROLE_NAMES names OrgAccessGuardBootstrap.");
    }

    @Test
    void roleMissing_configuredRolesPoliciesAndPrincipals_areTheLinksParameters() {
        String admins = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/Admins";
        GuardConfig config = config("ARTIFACT_BUCKET", BUCKET, "ACCESS_ROLE_NAME", "OrgAdmin",
                "BOOTSTRAP_ROLE_NAMES", "LandingZoneBootstrap,Other", "ACCESS_POLICY_ARNS",
                ADMINISTRATOR_ACCESS + ",arn:aws:iam::aws:policy/ReadOnlyAccess", "TRUSTED_PRINCIPAL_ARNS",
                admins + "," + MANAGEMENT_ROOT);

        List<String> links = links(render(Outcome.ROLE_MISSING, config).emailText());

        assertThat(query(links.get(0))).containsEntry("param_AccessRoleName", "OrgAdmin")
                .containsEntry("param_PolicyArns", ADMINISTRATOR_ACCESS + ",arn:aws:iam::aws:policy/ReadOnlyAccess")
                .containsEntry("param_TrustedPrincipalArns", admins + "," + MANAGEMENT_ROOT);
        assertThat(query(links.get(1))).containsEntry("param_BootstrapRoleName", "LandingZoneBootstrap")
                .containsEntry("param_AccessRoleName", "OrgAdmin");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"TRUST_MISMATCH", "ROLE_INCOMPLETE"})
    void roleThatExists_getsOnlyTheBootstrapRoleLink_andIsToldWhy(Outcome outcome) {
        String email = render(outcome, withBucket).emailText();

        List<String> links = links(email);
        assertThat(links).singleElement().satisfies(link -> assertThat(query(link))
                .containsEntry("stackName", "org-access-guard-bootstrap-role"));
        assertThat(email).startsWith("FIX IT IN ONE CLICK").contains("A stack cannot create a role that already"
                + " exists, and OrganizationAccountAccessRole exists in this account");
    }

    @Test
    void trustMismatch_withoutRepairTrust_saysTheBootstrapRouteNeedsIt() {
        assertThat(render(Outcome.TRUST_MISMATCH, withBucket).emailText())
                .contains("A trust is repaired through the bootstrap role only with REPAIR_TRUST set to true.");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"TRUST_MISMATCH", "ROLE_INCOMPLETE", "ROLE_MISSING"},
            mode = EnumSource.Mode.EXCLUDE)
    void otherOutcomes_haveNoLinks(Outcome outcome) {
        Notification notification = render(outcome, withBucket);

        assertThat(notification.emailText()).doesNotContain("ONE CLICK", "#/stacks/create");
        assertThat(object(Json.parse(notification.machineJson()))).doesNotContainKey("oneClickFix");
    }

    @Test
    void noBucket_alertIsAsBefore() {
        Notification notification = render(Outcome.ROLE_MISSING, config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN));

        assertThat(notification.emailText()).startsWith("org-access-guard checked AWS account " + MEMBER)
                .doesNotContain("#/stacks/create");
        assertThat(object(Json.parse(notification.machineJson()))).doesNotContainKey("oneClickFix");
    }

    @Test
    void machineJson_carriesTheSameLinks() {
        Notification notification = render(Outcome.ROLE_MISSING, withBucket);

        Map<String, Object> fix = object(object(Json.parse(notification.machineJson())).get("oneClickFix"));
        assertThat(fix).containsEntry("runInAccountId", MEMBER);
        List<Object> links = list(fix.get("links"));
        assertThat(links).extracting(link -> object(link).get("template"))
                .containsExactly("access-role.yaml", "bootstrap-role.yaml");
        assertThat(links).extracting(link -> object(link).get("quickCreateUrl"))
                .containsExactlyElementsOf(links(notification.emailText()));
        assertThat(object(links.getFirst())).containsEntry("templateUrl",
                "https://" + BUCKET + ".s3.us-east-1.amazonaws.com/" + ACCESS_KEY);
    }

    // --- the templates in the bucket ---------------------------------------------------------------------------

    private Notifier notifier(RecordingHttpClient http, GuardConfig config, InMemoryArtifactStore store) {
        sns = SnsClient.builder().httpClient(http).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
        return new Notifier(() -> sns, config, Optional.of(store));
    }

    @Test
    void firstAlertWithLinks_putsBothTemplatesFirst_andOnlyOncePerContainer() {
        var http = RecordingHttpClient.publishing("id-1");
        var store = new InMemoryArtifactStore();
        Notifier notifier = notifier(http, withBucket, store);

        notifier.announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION);
        notifier.announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION);

        assertThat(store.calls()).containsExactly("ensure " + ACCESS_KEY, "put " + ACCESS_KEY,
                "ensure " + BOOTSTRAP_KEY, "put " + BOOTSTRAP_KEY);
        assertThat(store.objects().get(ACCESS_KEY).text()).isEqualTo(MemberTemplate.ACCESS_ROLE.body());
        assertThat(store.objects().get(BOOTSTRAP_KEY).text()).isEqualTo(MemberTemplate.BOOTSTRAP_ROLE.body());
        assertThat(store.objects().get(ACCESS_KEY).contentType()).isEqualTo("application/yaml");
        assertThat(http.bodies()).hasSize(2);
    }

    @Test
    void alertWithoutLinks_touchesNoBucket() {
        var store = new InMemoryArtifactStore();
        Notifier notifier = notifier(RecordingHttpClient.publishing("id-1"), config("ARTIFACT_BUCKET", BUCKET,
                "NOTIFICATION_TOPIC_ARN", TOPIC_ARN, "NOTIFY_ON", "all"), store);

        notifier.announce(accountResult(Outcome.ROLE_CREATED), ORGANIZATION);
        notifier.announce(accountResult(Outcome.FAILED), ORGANIZATION);

        assertThat(store.calls()).isEmpty();
    }

    @Test
    void templatesThatCannotBePut_alertGoesOutWithoutLinksSayingWhy_andTheNextAlertTriesAgain() {
        var http = RecordingHttpClient.publishing("id-1");
        var store = new InMemoryArtifactStore();
        store.failPuts("AccessDenied");
        Notifier notifier = notifier(http, withBucket, store);

        notifier.announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION);
        store.succeed();
        notifier.announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION);

        List<Map<String, Object>> messages = http.bodies().stream()
                .map(body -> object(Json.parse(RecordingHttpClient.form(body).get("Message")))).toList();
        assertThat((String) messages.get(0).get("default")).startsWith("FIX IT IN ONE CLICK")
                .contains("No quick-create link this time: the templates could not be put into the artifact bucket"
                        + " (s3:PutObject failed: AccessDenied")
                .doesNotContain("#/stacks/create");
        assertThat(object(object(Json.parse((String) messages.get(0).get("sqs"))).get("oneClickFix")))
                .containsKey("unavailable").containsEntry("links", List.of());
        assertThat(links((String) messages.get(1).get("default"))).hasSize(2);
        assertThat(store.objects()).containsOnlyKeys(ACCESS_KEY, BOOTSTRAP_KEY);
    }

    @Test
    void digest_saysTheLinksOnce_linksTheCompleteReport_andNamesWhereTheDirectoryIs() {
        var http = RecordingHttpClient.publishing("id-1");
        var store = new InMemoryArtifactStore();
        Notifier notifier = notifier(http, withBucket, store);

        notifier.announceDigest(new RunDigest("2026-12-01T08:00:00Z", List.of(accountResult(Outcome.ROLE_MISSING),
                accountResult(Outcome.ROLE_MISSING).withChanges(Optional.empty(), List.of())),
                Map.of(Outcome.ROLE_MISSING, 2), 2, ORGANIZATION));

        Map<String, Object> message = object(Json.parse(RecordingHttpClient.form(http.bodies().getFirst())
                .get("Message")));
        String text = (String) message.get("default");
        assertThat(links(text)).as("the same for every account: said once").hasSize(2);
        String reportKey = "reports/2026-12-01T08-00-00Z.txt";
        assertThat(text).contains("s3://" + BUCKET + "/" + reportKey,
                "https://us-east-1.console.aws.amazon.com/s3/object/" + BUCKET + "?region=us-east-1&prefix="
                        + "reports%2F2026-12-01T08-00-00Z.txt");
        assertThat(new String(store.objects().get(reportKey).body(), java.nio.charset.StandardCharsets.UTF_8))
                .as("the complete report: every account with its links and commands")
                .contains("aws iam create-role").satisfies(report -> assertThat(links(report)).hasSize(4));
        assertThat(text).contains("s3://" + BUCKET + "/access-directory.html",
                "https://us-east-1.console.aws.amazon.com/s3/object/" + BUCKET
                        + "?region=us-east-1&prefix=access-directory.html",
                "aws s3 cp s3://" + BUCKET + "/access-directory.html .", "s3://" + BUCKET + "/aws-config");
        Map<String, Object> json = object(Json.parse((String) message.get("sqs")));
        assertThat(object(json.get("accessDirectory"))).containsEntry("page", "s3://" + BUCKET
                + "/access-directory.html").containsEntry("awsConfig", "s3://" + BUCKET + "/aws-config");
        assertThat(object(json.get("report"))).containsEntry("s3Uri", "s3://" + BUCKET + "/" + reportKey);
        assertThat(store.objects()).containsOnlyKeys(ACCESS_KEY, BOOTSTRAP_KEY, reportKey);
    }
}
