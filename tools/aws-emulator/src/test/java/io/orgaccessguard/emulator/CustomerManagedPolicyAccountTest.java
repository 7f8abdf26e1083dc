package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.PolicySeed;
import io.orgaccessguard.emulator.seed.RoleSeed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A customer managed policy lives in one account, and only that account's roles can use it: AttachRolePolicy with
 * another account's policy ARN is "NoSuchEntity: Policy arn:... does not exist or is not attachable."
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html; IAM Identity Center documents the
 * same limit and asks for a same-named policy in each account:
 * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachCustomerManagedPolicyReferenceToPermissionSet.html)
 */
class CustomerManagedPolicyAccountTest {

    private static final String MGMT_POLICY = "arn:aws:iam::" + MGMT + ":policy/OpsAdmin";

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(18).build(), TestOrgs.guarded());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void attachRolePolicy_anotherAccountsPolicyArn_isNoSuchEntity() {
        try (IamClient member = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            var e = Sdk.error(() -> member.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(MGMT_POLICY)),
                    "NoSuchEntity", 404);

            assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Policy " + MGMT_POLICY + " does not exist or is not attachable.");
            Sdk.error(() -> member.getPolicy(r -> r.policyArn(MGMT_POLICY)), "NoSuchEntity", 404);
        }
        assertThat(aws.role(PAYMENTS, ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                .doesNotContain(MGMT_POLICY);
    }

    @Test
    void attachRolePolicy_theAccountsOwnPolicy_isAttached() {
        try (IamClient mgmt = Sdk.iam(aws, aws.credentialsFor(MGMT))) {
            mgmt.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(MGMT_POLICY));

            assertThat(mgmt.listAttachedRolePolicies(r -> r.roleName(ACCESS_ROLE)).attachedPolicies())
                    .extracting(p -> p.policyArn()).contains(MGMT_POLICY);
        }
    }

    @Test
    void seed_roleAttachingAnotherAccountsPolicy_isRefused() {
        OrganizationSeed seed = OrganizationSeed.builder()
                .managementAccount(AccountSeed.builder(MGMT).name("Management").joinedMethod("CREATED")
                        .policy(PolicySeed.of("OpsAdmin", PolicyDocuments.allow("*", "*"))).build())
                .account(AccountSeed.builder(PAYMENTS).name("Payments")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(MGMT).managedPolicy(MGMT_POLICY).build())
                        .build())
                .build();

        assertThatThrownBy(() -> AwsEmulator.start(EmulatorOptions.builder().build(), seed).close())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist or is not attachable");
    }
}
