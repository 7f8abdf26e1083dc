package io.orgaccessguard.it.oneclick;

import static io.orgaccessguard.it.support.Accounts.OUTSIDE_ORGANIZATION;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.s3.S3Object;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.ArtifactBucket;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.RoleStack;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.notify.MemberTemplate;
import io.orgaccessguard.testsupport.Fixtures;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The quick-create link of a ROLE_MISSING alert, followed as the person in the member account would follow it, against
 * the wire-level emulator: the link is taken from the published message, the template it names is fetched from the
 * artifact bucket with that member account's credentials (and refused to an account outside the organization, by the
 * template's own bucket policy), the stack is created, and the account re-checked is ACCESS_VERIFIED.
 *
 * <p>The emulator cannot run CloudFormation. "Create stack" is therefore {@link RoleStack}: the template's parameters
 * from the link's {@code param_} values, its {@code !Ref}/{@code !Sub}/{@code !If} resolved for the member account,
 * and each {@code AWS::IAM::Role} applied through IAM exactly as CloudFormation's role handler does (CreateRole, then
 * AttachRolePolicy / PutRolePolicy), with the member account's credentials.
 */
class QuickCreateLinkFollowedTest {

    private Guard guard;

    @BeforeEach
    void start() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7).build(),
                ArtifactBucket.ENV);
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    /** A link as the console reads it: the fragment's route, then its query, each value URL-decoded. */
    record Link(String route, Map<String, String> query) {
        static Link parse(String url) {
            String fragment = URI.create(url).getRawFragment();
            var query = new LinkedHashMap<String, String>();
            for (String pair : fragment.substring(fragment.indexOf('?') + 1).split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
            return new Link(fragment.substring(0, fragment.indexOf('?')), query);
        }

        /** The stack's parameters: the {@code param_<Name>} values. */
        Map<String, String> parameters() {
            var parameters = new LinkedHashMap<String, String>();
            query.forEach((name, value) -> {
                if (name.startsWith("param_")) {
                    parameters.put(name.substring("param_".length()), value);
                }
            });
            return parameters;
        }

        /** Bucket and key of the virtual-hosted-style {@code templateURL}. */
        String bucket() {
            return URI.create(query.get("templateURL")).getHost().split("\\.s3\\.")[0];
        }

        String key() {
            return URI.create(query.get("templateURL")).getPath().substring(1);
        }
    }

    private S3Client s3As(String accountId) {
        AwsCredentials credentials = guard.aws().credentialsFor(accountId);
        return S3Client.builder().endpointOverride(guard.aws().endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials
                        .create(credentials.accessKeyId(), credentials.secretAccessKey()))).build();
    }

    private IamClient iamAs(String accountId) {
        AwsCredentials credentials = guard.aws().credentialsFor(accountId);
        return IamClient.builder().endpointOverride(guard.aws().endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials
                        .create(credentials.accessKeyId(), credentials.secretAccessKey()))).build();
    }

    private static List<String> links(String text) {
        return text.lines().map(String::strip).filter(line -> line.contains("#/stacks/create/review?")).toList();
    }

    private String recheck(String accountId) {
        return guard.manual("{\"accountIds\": [\"" + accountId + "\"]}").outcome(accountId);
    }

    @Test
    void roleMissing_linkFollowed_templateFetchedAsTheMember_stackCreated_accountThenVerified() {
        assertThat(recheck(WITH_NOTHING)).isEqualTo("ROLE_MISSING");

        PublishedMessage alert = guard.aws().publishedMessages().getLast();
        Map<?, ?> body = (Map<?, ?>) Json.parse(alert.message());
        String email = (String) body.get("default");
        assertThat(email).as("the alert leads with the links").startsWith("FIX IT IN ONE CLICK: account "
                + WITH_NOTHING);
        List<String> urls = links(email);
        assertThat(urls).hasSize(2);
        Link link = Link.parse(urls.getFirst());
        assertThat(link.route()).isEqualTo("/stacks/create/review");
        assertThat(link.query()).containsEntry("stackName", "org-access-guard-access-role");
        assertThat(link.bucket()).isEqualTo(ArtifactBucket.NAME);
        assertThat(link.key()).isEqualTo("member-templates/access-role.yaml");

        // The function put the template there before the alert, versioned.
        S3Object stored = guard.aws().s3Object(link.bucket(), link.key()).orElseThrow();
        // S3-managed keys: the member reads it with s3:GetObject alone, no KMS grant (issue 18).
        assertThat(stored.serverSideEncryption()).isEqualTo("AES256");
        assertThat(stored.kmsKeyId()).isNull();
        assertThat(stored.versionId()).isNotEqualTo("null");

        String template;
        try (S3Client member = s3As(WITH_NOTHING)) {
            template = member.getObjectAsBytes(r -> r.bucket(link.bucket()).key(link.key())).asUtf8String();
        }
        assertThat(template).isEqualTo(MemberTemplate.ACCESS_ROLE.body());
        try (S3Client outsider = s3As(OUTSIDE_ORGANIZATION)) {
            S3Exception refused = catchThrowableOfType(S3Exception.class,
                    () -> outsider.getObjectAsBytes(r -> r.bucket(link.bucket()).key(link.key())));
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        }

        List<RoleStack.Call> calls;
        try (IamClient iam = iamAs(WITH_NOTHING)) {
            calls = RoleStack.create(template, link.parameters(), new PseudoParameters(Fixtures.REGION, WITH_NOTHING,
                    "aws", link.query().get("stackName")), iam);
        }
        assertThat(calls).extracting(RoleStack.Call::action, RoleStack.Call::roleName, RoleStack.Call::detail)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("CreateRole", ACCESS_ROLE, "{\"Version\":\"2012-10-17\","
                                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + MANAGEMENT_ROOT
                                + "\"]},\"Action\":\"sts:AssumeRole\"}]}"),
                        org.assertj.core.groups.Tuple.tuple("AttachRolePolicy", ACCESS_ROLE, ADMINISTRATOR_ACCESS));

        assertThat(recheck(WITH_NOTHING)).isEqualTo("ACCESS_VERIFIED");
    }

    /**
     * A role that exists but trusts another account reads, from outside, as missing (STS answers AccessDenied for
     * both): the access-role stack then fails on the name, as the alert warns, and its bootstrap-role link is the way.
     */
    @Test
    void roleThatExistsWithAForeignTrust_accessRoleStackFails_bootstrapLinkLetsOrgAccessGuardRepairIt() {
        Guard repairing = guard.with(Map.of("REPAIR_TRUST", "true", "BOOTSTRAP_ROLE_NAMES", "OrgAccessGuardLinked"));
        assertThat(repairing.manual("{\"accountIds\": [\"" + WITH_FOREIGN_TRUST + "\"]}").outcome(WITH_FOREIGN_TRUST))
                .isEqualTo("ROLE_MISSING");

        String email = (String) ((Map<?, ?>) Json.parse(guard.aws().publishedMessages().getLast().message()))
                .get("default");
        assertThat(email).contains("If the stack fails because " + ACCESS_ROLE + " already exists");
        List<Link> links = links(email).stream().map(Link::parse).toList();
        assertThat(links).extracting(link -> link.query().get("stackName"))
                .containsExactly("org-access-guard-access-role", "org-access-guard-bootstrap-role");
        var account = new PseudoParameters(Fixtures.REGION, WITH_FOREIGN_TRUST, "aws", "stack");

        try (S3Client member = s3As(WITH_FOREIGN_TRUST); IamClient iam = iamAs(WITH_FOREIGN_TRUST)) {
            Link accessRole = links.get(0);
            String accessTemplate = member.getObjectAsBytes(r -> r.bucket(accessRole.bucket()).key(accessRole.key()))
                    .asUtf8String();
            assertThat(catchThrowableOfType(IamException.class, () -> RoleStack.create(accessTemplate,
                    accessRole.parameters(), account, iam)).awsErrorDetails().errorCode())
                    .isEqualTo("EntityAlreadyExists");

            Link bootstrap = links.get(1);
            assertThat(bootstrap.parameters()).containsEntry("BootstrapRoleName", "OrgAccessGuardLinked")
                    .containsEntry("AccessRoleName", ACCESS_ROLE);
            String bootstrapTemplate = member.getObjectAsBytes(r -> r.bucket(bootstrap.bucket()).key(bootstrap.key()))
                    .asUtf8String();
            assertThat(RoleStack.create(bootstrapTemplate, bootstrap.parameters(), account, iam))
                    .extracting(RoleStack.Call::action).containsExactly("CreateRole", "PutRolePolicy");
        }

        assertThat(repairing.manual("{\"accountIds\": [\"" + WITH_FOREIGN_TRUST + "\"]}").outcome(WITH_FOREIGN_TRUST))
                .isEqualTo("TRUST_REPAIRED");
    }

    @Test
    void theBucketAdmitsTheOrganizationToTheTemplatesOnly() {
        guard.manual("{\"accountIds\": [\"" + WITH_NOTHING + "\"]}");
        guard.manual("{\"all\": true, \"notify\": \"none\"}");
        assertThat(guard.aws().s3Object(ArtifactBucket.NAME, "access-directory.html")).isPresent();

        try (S3Client member = s3As(WITH_ACCESS_ROLE)) {
            S3Exception refused = catchThrowableOfType(S3Exception.class,
                    () -> member.getObjectAsBytes(r -> r.bucket(ArtifactBucket.NAME).key("access-directory.html")));
            assertThat(refused.statusCode()).as("the directory is the management account's").isEqualTo(403);
        }
    }
}
