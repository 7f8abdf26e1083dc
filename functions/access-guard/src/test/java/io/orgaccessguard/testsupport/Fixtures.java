package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.Organization;
import java.time.Instant;

/**
 * The constants every test of every module shares (the function's unit tests, integration-tests, benchmarks): one
 * organization, one management account, one topic, the role names. The organization is the one the example events
 * of {@code events/} come from (management account, organization ID, event time).
 */
public final class Fixtures {

    public static final String MANAGEMENT_ACCOUNT_ID = "111111111111";
    public static final String ORGANIZATION_ID = "o-exampleorgid";
    public static final String ROOT_ID = "r-examplerootid";
    public static final String PARTITION = "aws";
    public static final String REGION = "us-east-1";
    public static final Organization ORGANIZATION = new Organization(ORGANIZATION_ID, MANAGEMENT_ACCOUNT_ID, PARTITION);
    public static final String MANAGEMENT_ROOT = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":root";
    /** The alert topic, named as in the README's examples; the template lets CloudFormation name it. */
    public static final String TOPIC_NAME = "org-access-guard-alerts";
    public static final String TOPIC_ARN = "arn:aws:sns:" + REGION + ":" + MANAGEMENT_ACCOUNT_ID + ":" + TOPIC_NAME;
    /** The stack's status table (template.yaml StatusTable), in the management account. */
    public static final String STATUS_TABLE = "org-access-guard-status";
    /** The stack's artifact bucket (template.yaml ArtifactBucket, named by CloudFormation), in the management account. */
    public static final String ARTIFACT_BUCKET = "org-access-guard-artifactbucket-1q2w3e4r5t6y";
    /** The bucket's key (template.yaml ArtifactBucketKey). */
    public static final String ARTIFACT_BUCKET_KEY = "arn:aws:kms:" + REGION + ":" + MANAGEMENT_ACCOUNT_ID
            + ":key/4c1d2e3f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    public static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    public static final String BOOTSTRAP_ROLE = "OrgAccessGuardBootstrap";
    /** The function's execution role in the management account. */
    public static final String FUNCTION_ROLE = "org-access-guard-function";
    public static final String ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess";
    public static final String READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    /** When the example events of {@code events/} happened (their {@code time} and {@code detail.eventTime}). */
    public static final Instant EVENT_TIME = Instant.parse("2026-11-20T09:14:03Z");
    public static final Instant JOINED_AT = EVENT_TIME;
    /** The trust AWS's procedure gives the access role: the management account, for sts:AssumeRole. */
    public static final String MANAGEMENT_TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"AWS": "%s"}, "Action": "sts:AssumeRole"}]}""".formatted(MANAGEMENT_ROOT);

    private Fixtures() {
    }
}
