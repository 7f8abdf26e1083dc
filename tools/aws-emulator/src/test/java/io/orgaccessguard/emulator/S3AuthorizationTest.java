package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.StorageOrgs.DENIED_MEMBER;
import static io.orgaccessguard.emulator.StorageOrgs.MANAGED_KEY;
import static io.orgaccessguard.emulator.StorageOrgs.MEMBER;
import static io.orgaccessguard.emulator.StorageOrgs.MGMT;
import static io.orgaccessguard.emulator.StorageOrgs.OUTSIDER;
import static io.orgaccessguard.emulator.StorageOrgs.PLAIN;
import static io.orgaccessguard.emulator.StorageOrgs.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.BucketSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Who may read and write objects, decided as S3 decides it (how-s3-evaluates-access-control.html, IAM's
 * reference_policies_evaluation-logic_policy-eval-basics.html: "If either the identity-based policy or the
 * resource-based policy within the same account allows the request and the other doesn't, the request is still
 * allowed"; reference_policies_evaluation-logic-cross-account.html: across accounts both must allow; an explicit deny
 * in either wins). The templates bucket's policy lets every principal of organization o-test123456 read
 * ({@code aws:PrincipalOrgID}, reference_policies_condition-keys.html#condition-keys-principalorgid), names the role
 * TemplateReader, and denies account 333333333333.
 */
class S3AuthorizationTest {

    private static final String KEY = "access-role.yaml";

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(StorageOrgs.seed());
        aws.putS3Object(TEMPLATES, KEY, "Resources: {}".getBytes(StandardCharsets.UTF_8), "application/x-yaml");
        aws.putS3Object(MANAGED_KEY, KEY, "Resources: {}".getBytes(StandardCharsets.UTF_8), "application/x-yaml");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private String read(AwsCredentials c, String bucket) {
        try (S3Client s3 = Sdk.s3(aws, c)) {
            return s3.getObjectAsBytes(r -> r.bucket(bucket).key(KEY)).asUtf8String();
        }
    }

    private software.amazon.awssdk.awscore.exception.AwsServiceException denied(AwsCredentials c, String bucket) {
        try (S3Client s3 = Sdk.s3(aws, c)) {
            return Sdk.error(() -> s3.getObject(r -> r.bucket(bucket).key(KEY)), "AccessDenied", 403);
        }
    }

    @Test
    void memberOfTheOrganization_readsThroughPrincipalOrgId() {
        assertThat(read(aws.credentialsFor(MEMBER), TEMPLATES)).isEqualTo("Resources: {}");
        assertThat(aws.calls().getLast().targetAccount()).isEqualTo(MGMT);
        assertThat(aws.calls().getLast().callerAccount()).isEqualTo(MEMBER);
    }

    @Test
    void accountOutsideTheOrganization_isRefused_withABareAccessDenied() {
        var e = denied(aws.credentialsFor(OUTSIDER), TEMPLATES);
        // Enhanced messages are only for the owner's account and organization (troubleshoot-403-errors.html).
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Access Denied");
    }

    @Test
    void explicitDenyInTheBucketPolicy_winsOverTheOrganizationAllow() {
        var e = denied(aws.credentialsFor(DENIED_MEMBER), TEMPLATES);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + DENIED_MEMBER
                + ":user/emulator-admin is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::"
                + TEMPLATES + "/" + KEY + "\" with an explicit deny in a resource-based policy");
    }

    @Test
    void crossAccount_needsTheCallersIdentityPolicyToo() {
        // The member's role has no identity policy: the bucket policy alone does not let it in from another account.
        var e = denied(aws.credentialsForRole(MEMBER, "NoPermissions", "s"), TEMPLATES);
        assertThat(e.awsErrorDetails().errorMessage()).endsWith("because no identity-based policy allows the "
                + "s3:GetObject action");
    }

    @Test
    void sameAccount_eitherTheBucketPolicyOrTheIdentityPolicySuffices() {
        // TemplateReader has no identity policy; the bucket policy names its role ARN.
        assertThat(read(aws.credentialsForRole(MGMT, "TemplateReader", "s"), TEMPLATES)).isEqualTo("Resources: {}");
        // TemplateWriter has an identity policy and is named nowhere in the bucket policy (but the org statement).
        try (S3Client writer = Sdk.s3(aws, aws.credentialsForRole(MGMT, "TemplateWriter", "w"))) {
            writer.putObject(r -> r.bucket(TEMPLATES).key("new.yaml"), RequestBody.fromString("x"));
        }
        assertThat(aws.s3Object(TEMPLATES, "new.yaml")).isPresent();
        // The PLAIN bucket has no policy: a role without identity permissions is refused, with the reason.
        try (S3Client none = Sdk.s3(aws, aws.credentialsForRole(MGMT, "TemplateReader", "s"))) {
            var e = Sdk.error(() -> none.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString("x")),
                    "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + MGMT
                    + ":assumed-role/TemplateReader/s is not authorized to perform: s3:PutObject on resource: "
                    + "\"arn:aws:s3:::" + PLAIN + "/k\" because no identity-based policy allows the s3:PutObject action");
        }
        assertThat(aws.s3Object(PLAIN, "k")).isEmpty();
    }

    @Test
    void awsManagedS3ReadOnlyAccess_readsButDoesNotWrite() {
        aws.putS3Object(PLAIN, KEY, "plain".getBytes(StandardCharsets.UTF_8), "text/plain");
        AwsCredentials readOnly = aws.credentialsForRole(MGMT, "S3ReadOnly", "s");
        assertThat(read(readOnly, PLAIN)).isEqualTo("plain");
        try (S3Client s3 = Sdk.s3(aws, readOnly)) {
            Sdk.error(() -> s3.putObject(r -> r.bucket(PLAIN).key(KEY), RequestBody.fromString("x")), "AccessDenied",
                    403);
            // s3:ListBucket (s3:List*) turns a missing key into a 404.
            Sdk.error(() -> s3.getObject(r -> r.bucket(PLAIN).key("absent")), "NoSuchKey", 404);
        }
    }

    @Test
    void explicitDenyInTheIdentityPolicy_winsOverTheBucketPolicy() {
        var e = denied(aws.credentialsForRole(MGMT, "DeniedReader", "s"), TEMPLATES);
        assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
    }

    @Test
    void bucketPolicyGrantsOnlyWhatItNames_theMemberMayNotWrite() {
        try (S3Client member = Sdk.s3(aws, aws.credentialsFor(MEMBER))) {
            var e = Sdk.error(() -> member.putObject(r -> r.bucket(TEMPLATES).key("evil.yaml"), RequestBody.fromString("x")),
                    "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("because no resource-based policy allows the "
                    + "s3:PutObject action");
        }
        assertThat(aws.s3Object(TEMPLATES, "evil.yaml")).isEmpty();
    }

    /**
     * API_GetObject: "If you don't have the s3:ListBucket permission, Amazon S3 returns an HTTP status code 403 Access
     * Denied error" for a missing key; with it, 404 NoSuchKey.
     */
    @Test
    void missingKey_is403WithoutListBucket_404WithIt() {
        try (S3Client member = Sdk.s3(aws, aws.credentialsFor(MEMBER));
             S3Client reader = Sdk.s3(aws, aws.credentialsForRole(MGMT, "TemplateReader", "s"))) {
            Sdk.error(() -> member.getObject(r -> r.bucket(TEMPLATES).key("absent")), "AccessDenied", 403);
            Sdk.error(() -> reader.getObject(r -> r.bucket(TEMPLATES).key("absent")), "NoSuchKey", 404);
        }
    }

    @Test
    void anonymousRequests_areRefused_byPrivateBuckets() {
        var response = RawS3.anonymousGet(aws, TEMPLATES, KEY);
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("<Code>AccessDenied</Code>");
        assertThat(aws.calls().getLast().callerArn()).isNull();
    }

    /**
     * An object under the AWS managed key aws/s3 cannot be read from another account even when the bucket policy
     * allows it: its key policy is the service's, for its own account, and cannot be changed
     * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html).
     */
    @Test
    void awsManagedKmsKey_blocksCrossAccountReads_evenWhenThePolicyAllows() {
        var e = denied(aws.credentialsFor(MEMBER), MANAGED_KEY);
        assertThat(e.awsErrorDetails().errorMessage()).contains("The ciphertext refers to a customer master key");
        assertThat(read(aws.credentialsFor(MGMT), MANAGED_KEY)).isEqualTo("Resources: {}");
    }

    private static OrganizationSeed withBucket(BucketSeed bucket) {
        return OrganizationSeed.builder().organizationId(StorageOrgs.ORG)
                .managementAccount(AccountSeed.builder(MGMT).bucket(bucket).build()).build();
    }

    private static String publicRead(String bucket) {
        return StorageOrgs.bucketPolicy(bucket, "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + bucket + "/*\"}");
    }

    /**
     * BlockPublicPolicy "causes Amazon S3 to reject calls to PUT Bucket policy if the specified bucket policy allows
     * public access" (API_PublicAccessBlockConfiguration.html), so a seed pairing the two is refused; a "*" principal
     * fixed by aws:PrincipalOrgID is not public ("The meaning of public", access-control-block-public-access.html).
     */
    @Test
    void publicPolicy_withBlockPublicAccessOn_isRefusedAtSeedTime() {
        String bucket = "public-one-111111111111";
        assertThatThrownBy(() -> AwsEmulator.start(withBucket(BucketSeed.builder(bucket).policy(publicRead(bucket))
                .build()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BlockPublicPolicy");
        try (AwsEmulator open = AwsEmulator.start(withBucket(BucketSeed.builder(bucket).blockPublicAccess(false)
                .policy(publicRead(bucket)).build()))) {
            open.putS3Object(bucket, "k", "public".getBytes(StandardCharsets.UTF_8), "text/plain");
            var anonymous = RawS3.anonymousGet(open, bucket, "k");
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.body()).isEqualTo("public");
        }
        // The organization-only statement is not public: accepted with Block Public Access on.
        try (AwsEmulator orgOnly = AwsEmulator.start(withBucket(BucketSeed.builder(bucket)
                .policy(StorageOrgs.bucketPolicy(bucket, StorageOrgs.orgRead(bucket))).build()))) {
            assertThat(RawS3.anonymousGet(orgOnly, bucket, "k").status()).isEqualTo(403);
        }
    }

    @Test
    void bucketPolicy_namingAnotherResource_isRefusedAtSeedTime() {
        String bucket = "mine-111111111111";
        String other = StorageOrgs.bucketPolicy(bucket, StorageOrgs.orgRead("someone-elses-bucket"));
        assertThatThrownBy(() -> AwsEmulator.start(withBucket(BucketSeed.builder(bucket).policy(other).build())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Policy has invalid resource");
    }

    @Test
    void seedJson_declaresTablesAndBuckets() {
        String json = """
                {"organization": {"id": "o-test123456", "managementAccountId": "111111111111"},
                 "accounts": [{"id": "111111111111",
                   "tables": [{"name": "status-table"},
                              {"name": "runs", "sortKey": null, "partitionKey": {"name": "id", "type": "S"},
                               "billingMode": "PROVISIONED"}],
                   "buckets": [{"name": "templates-from-json", "versioned": true, "defaultEncryption": "aws:kms",
                                "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                  "Principal": "*", "Action": "s3:GetObject",
                                  "Resource": "arn:aws:s3:::templates-from-json/*",
                                  "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-test123456"}}}]}}]}]}
                """;
        try (AwsEmulator fromJson = AwsEmulator.start(OrganizationSeed.fromJson(json))) {
            fromJson.putDynamoItem(MGMT, "status-table", java.util.Map.of("pk", "a", "sk", "b"));
            fromJson.putDynamoItem(MGMT, "runs", java.util.Map.of("id", "r1"));
            assertThat(fromJson.stateJson()).contains("\"arn\":\"arn:aws:dynamodb:us-east-1:111111111111:table/runs\"",
                    "\"billingMode\":\"PROVISIONED\"", "\"name\":\"templates-from-json\"", "\"versioned\":true");
            var object = fromJson.putS3Object("templates-from-json", "k", new byte[] {1}, "application/octet-stream");
            assertThat(object.serverSideEncryption()).isEqualTo("aws:kms");
            assertThat(object.versionId()).isNotEqualTo("null");
        }
    }
}
