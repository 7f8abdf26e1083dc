package io.orgaccessguard.emulator;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;

/** Organizations used across tests. */
final class TestOrgs {

    static final String MGMT = "111111111111";
    static final String PAYMENTS = "222222222222";
    static final String UNTRUSTING = "333333333333";
    static final String EMPTY = "444444444444";
    static final String EXTERNAL = "999999999999";
    static final String ACCESS_ROLE = "OrganizationAccountAccessRole";
    static final String ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

    private TestOrgs() {
    }

    static String roleArn(String account, String name) {
        return "arn:aws:iam::" + account + ":role/" + name;
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
