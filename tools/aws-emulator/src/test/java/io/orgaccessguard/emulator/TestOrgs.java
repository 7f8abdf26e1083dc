package io.orgaccessguard.emulator;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.emulator.seed.ServiceControlPolicySeed;

/** Organizations used across tests. */
final class TestOrgs {

    static final String MGMT = "111111111111";
    static final String PAYMENTS = "222222222222";
    static final String UNTRUSTING = "333333333333";
    static final String EMPTY = "444444444444";
    static final String EXTERNAL = "999999999999";
    static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

    // guarded(): boundaries, Deny statements and SCPs
    static final String LOCKED = "666666666666";
    static final String REGIONAL = "777777777777";
    static final String ROOT_ID = "r-test";
    static final String PROD_OU = "ou-test-prod0001";
    static final String LOCKED_OU = "ou-test-lock0001";
    static final String BOUNDED_ROLE = "Bounded";
    static final String DENIED_ROLE = "Denied";
    static final String CUSTOMER_DENIED_ROLE = "CustomerDenied";
    static final String SIMULATOR_ROLE = "Simulator";
    static final String DENY_IAM_SCP = "p-denyiam0001";
    static final String DENY_LEAVING_SCP = "p-denyleave001";
    static final String REGION_SCP = "p-regions00001";
    static final String DENY_ALL = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyEverything\","
            + "\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private TestOrgs() {
    }

    static String roleArn(String account, String name) {
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    /**
     * Roles restricted the ways IAM restricts them: a permissions boundary, an inline Deny, a Deny in an attached
     * customer managed policy, an SCP on an OU, an SCP on an account (a Region guardrail), a guardrail SCP on the root.
     */
    static OrganizationSeed guarded() {
        String trustMgmt = "arn:aws:iam::" + MGMT + ":root";
        return OrganizationSeed.builder()
                .organizationId("o-test123456")
                .root(ROOT_ID)
                .organizationalUnit(PROD_OU, "Production", ROOT_ID)
                .organizationalUnit(LOCKED_OU, "Locked", ROOT_ID)
                .managementAccount(AccountSeed.builder(MGMT).name("Management").joinedMethod("CREATED")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(trustMgmt).managedPolicy(ADMIN).build())
                        .role(RoleSeed.builder("NoPermissions").trusting(trustMgmt).build())
                        .policy(io.orgaccessguard.emulator.seed.PolicySeed.of("OpsAdmin",
                                PolicyDocuments.allow("*", "*")))
                        .build())
                .account(AccountSeed.builder(PAYMENTS).name("Payments Prod").parentId(PROD_OU)
                        .policy(io.orgaccessguard.emulator.seed.PolicySeed.of("NoIamWrites",
                                PolicyDocuments.deny("*", "iam:Create*", "iam:Delete*", "iam:Put*")))
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(trustMgmt).managedPolicy(ADMIN).build())
                        .role(RoleSeed.builder(BOUNDED_ROLE).trusting(trustMgmt).managedPolicy(ADMIN)
                                .permissionsBoundary(READ_ONLY).build())
                        .role(RoleSeed.builder(DENIED_ROLE).trusting(trustMgmt).managedPolicy(ADMIN)
                                .inlinePolicy("deny-all", DENY_ALL).build())
                        .role(RoleSeed.builder(CUSTOMER_DENIED_ROLE).trusting(trustMgmt).managedPolicy(ADMIN)
                                .managedPolicy("arn:aws:iam::" + PAYMENTS + ":policy/NoIamWrites").build())
                        .role(RoleSeed.builder(SIMULATOR_ROLE).trusting(trustMgmt)
                                .inlinePolicy("simulate", PolicyDocuments.allow("*", "iam:SimulatePrincipalPolicy"))
                                .build())
                        .build())
                .account(AccountSeed.builder(LOCKED).name("Locked Sandbox").parentId(LOCKED_OU)
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(trustMgmt).managedPolicy(ADMIN).build())
                        .build())
                .account(AccountSeed.builder(REGIONAL).name("Regional Workloads").parentId(PROD_OU)
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(trustMgmt).managedPolicy(ADMIN).build())
                        .build())
                .serviceControlPolicy(ServiceControlPolicySeed.of(DENY_IAM_SCP, "DenyIamWrites",
                        PolicyDocuments.deny("*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Put*",
                                "iam:Update*"), LOCKED_OU))
                .serviceControlPolicy(ServiceControlPolicySeed.of(DENY_LEAVING_SCP, "DenyLeaving",
                        PolicyDocuments.deny("*", "organizations:LeaveOrganization"), ROOT_ID))
                .serviceControlPolicy(ServiceControlPolicySeed.of(REGION_SCP, "OnlyUsEast1",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyOtherRegions\",\"Effect\":\"Deny\","
                                + "\"NotAction\":[\"iam:*\",\"organizations:*\",\"sts:*\"],\"Resource\":\"*\","
                                + "\"Condition\":{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\"]}}}]}",
                        REGIONAL))
                .build();
    }

    static OrganizationSeed standard() {
        return OrganizationSeed.builder()
                .organizationId("o-test123456")
                .root("r-test")
                .organizationalUnit("ou-test-prod0001", "Production", "r-test")
                .organizationalUnit("ou-test-team0001", "Team", "ou-test-prod0001")
                .managementAccount(AccountSeed.builder(MGMT).name("Management").joinedMethod("CREATED")
                        .topic("alerts")
                        .role(RoleSeed.builder("LambdaRole")
                                .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                        + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")
                                .inlinePolicy("guard", "{\"Version\":\"2012-10-17\",\"Statement\":["
                                        + "{\"Effect\":\"Allow\",\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\","
                                        + "\"sts:SetSourceIdentity\"],\"Resource\":\"arn:aws:iam::*:role/*\"},"
                                        + "{\"Effect\":\"Allow\",\"Action\":\"organizations:*\",\"Resource\":\"*\"},"
                                        + "{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}")
                                .build())
                        .role(RoleSeed.builder("NoPermissions").trusting("arn:aws:iam::" + MGMT + ":root").build())
                        .build())
                .account(AccountSeed.builder(PAYMENTS).name("Payments Prod").parentId("ou-test-team0001")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting("arn:aws:iam::" + MGMT + ":root")
                                .managedPolicy(ADMIN).build())
                        .role(RoleSeed.builder("ReadOnly").trusting("arn:aws:iam::" + MGMT + ":root")
                                .managedPolicy("arn:aws:iam::aws:policy/IAMReadOnlyAccess").build())
                        .role(RoleSeed.builder("OrgAccessGuardBootstrap").trusting(MGMT)
                                .inlinePolicy("bootstrap", PolicyDocuments.allow(
                                        "arn:aws:iam::" + PAYMENTS + ":role/" + ACCESS_ROLE, "iam:CreateRole",
                                        "iam:GetRole", "iam:AttachRolePolicy"))
                                .build())
                        .build())
                .account(AccountSeed.builder(UNTRUSTING).name("Legacy Billing").parentId("ou-test-prod0001")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting("arn:aws:iam::" + EXTERNAL + ":root")
                                .managedPolicy(ADMIN).build())
                        .build())
                .account(AccountSeed.builder(EMPTY).name("Marketing Sandbox").build())
                .account(AccountSeed.builder("555555555555").name("Old Analytics").state("SUSPENDED").build())
                .externalAccount(AccountSeed.builder(EXTERNAL).name("Outside")
                        .role(RoleSeed.builder("Partner").trusting("arn:aws:iam::" + MGMT + ":root")
                                .managedPolicy(ADMIN).build())
                        .topic("partner-topic")
                        .build())
                .build();
    }
}
