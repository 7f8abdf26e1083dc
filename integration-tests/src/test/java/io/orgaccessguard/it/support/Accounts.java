package io.orgaccessguard.it.support;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static io.orgaccessguard.testsupport.Fixtures.STATUS_TABLE;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_NAME;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import java.time.Instant;

/**
 * The integration tests' organization on the emulator: its member accounts, OUs and roles, in one place. The
 * organization, management account, topic and role names are those every module shares ({@code Fixtures}).
 */
public final class Accounts {

    public static final String WITH_ACCESS_ROLE = "222222222222";
    public static final String WITH_BOOTSTRAP_ONLY = "333333333333";
    public static final String WITH_NOTHING = "444444444444";
    public static final String WITH_FOREIGN_TRUST = "555555555555";
    public static final String SUSPENDED = "666666666666";
    public static final String OUTSIDE_ORGANIZATION = "999999999999";
    /** Where the demo organization keeps its workloads: Payments Prod directly, Data Lake Dev one level down. */
    public static final String ROOT = "r-exam";
    public static final String WORKLOADS_OU = "ou-exam-workload";
    public static final String DATA_OU = "ou-exam-datateam";

    public static final Instant LONG_AGO = Instant.parse("2021-06-14T12:00:00Z");

    private Accounts() {
    }

    /** The management account, with the function's execution role, the alert topic, table and artifact bucket. */
    public static AccountSeed management() {
        return AccountSeed.builder(MANAGEMENT_ACCOUNT_ID).name("Management").joinedMethod("CREATED")
                .joinedTimestamp(LONG_AGO)
                .topic(TOPIC_NAME)
                .table(STATUS_TABLE)
                .bucket(ArtifactBucket.seed())
                .role(RoleSeed.builder(FUNCTION_ROLE)
                        .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")
                        .inlinePolicy("org-access-guard", PolicyDocuments.allow("*", "sts:AssumeRole",
                                "organizations:Describe*", "organizations:List*", "dynamodb:GetItem",
                                "dynamodb:PutItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:Query",
                                "sns:Publish", "s3:PutObject", "s3:GetObject"))
                        .build())
                .build();
    }

    public static AccountSeed.Builder member(String id, String name) {
        return AccountSeed.builder(id).name(name).email(id + "@example.com").state("ACTIVE").joinedMethod("INVITED")
                .joinedTimestamp(LONG_AGO);
    }

    /** The access role as AWS's own procedure makes it: trusts the management account, AdministratorAccess. */
    public static RoleSeed accessRole() {
        return RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT).managedPolicy(ADMINISTRATOR_ACCESS).build();
    }

    /** A bootstrap role allowed exactly what creating and completing the access role takes. */
    public static RoleSeed bootstrapRole(String accountId) {
        return RoleSeed.builder(BOOTSTRAP_ROLE).trusting(MANAGEMENT_ROOT)
                .inlinePolicy("create-access-role", PolicyDocuments.allow(
                        "arn:aws:iam::" + accountId + ":role/" + ACCESS_ROLE, "iam:CreateRole", "iam:GetRole",
                        "iam:TagRole", "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
                        "iam:GetRolePolicy", "iam:UpdateAssumeRolePolicy"))
                .build();
    }

    /** The organization of the README's demo: one account of each kind, all joined long ago. */
    public static OrganizationSeed.Builder organization() {
        return organization(LONG_AGO);
    }

    /** The demo organization, where the account with no role at all joined at the given time. */
    public static OrganizationSeed.Builder organization(Instant bareAccountJoined) {
        return OrganizationSeed.builder().organizationId(ORGANIZATION_ID).managementAccount(management())
                .root(ROOT)
                .organizationalUnit(WORKLOADS_OU, "Workloads", ROOT)
                .organizationalUnit(DATA_OU, "Data", WORKLOADS_OU)
                .account(member(WITH_ACCESS_ROLE, "Payments Prod").parentId(WORKLOADS_OU).role(accessRole()).build())
                .account(member(WITH_BOOTSTRAP_ONLY, "Data Lake Dev").parentId(DATA_OU)
                        .role(bootstrapRole(WITH_BOOTSTRAP_ONLY)).build())
                .account(member(WITH_NOTHING, "Marketing Sandbox").joinedTimestamp(bareAccountJoined).build())
                .account(member(WITH_FOREIGN_TRUST, "Legacy Billing")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting("arn:aws:iam::" + OUTSIDE_ORGANIZATION + ":root")
                                .managedPolicy(ADMINISTRATOR_ACCESS).build())
                        .role(bootstrapRole(WITH_FOREIGN_TRUST))
                        .build())
                .account(member(SUSPENDED, "Old Analytics").state("SUSPENDED").build())
                .externalAccount(AccountSeed.builder(OUTSIDE_ORGANIZATION).name("Outside").build());
    }
}
