package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.Organization;
import java.time.Instant;

/** The constants every test of every module shares: one organization, one management account, one topic. */
public final class Fixtures {

    public static final String MANAGEMENT_ACCOUNT_ID = "111111111111";
    public static final String ORGANIZATION_ID = "o-exampleorgid";
    public static final String ROOT_ID = "r-examplerootid";
    public static final Organization ORGANIZATION = new Organization(ORGANIZATION_ID, MANAGEMENT_ACCOUNT_ID, "aws");
    public static final String MANAGEMENT_ROOT = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":root";
    public static final String TOPIC_ARN = "arn:aws:sns:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":org-access-guard";
    public static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    public static final String BOOTSTRAP_ROLE = "OrgAccessGuardBootstrap";
    public static final Instant JOINED_AT = Instant.parse("2026-11-20T09:14:03Z");
    /** The trust AWS's procedure gives the access role: the management account, for sts:AssumeRole. */
    public static final String MANAGEMENT_TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}""";

    private Fixtures() {
    }
}
