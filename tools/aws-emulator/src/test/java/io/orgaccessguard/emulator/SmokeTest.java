package io.orgaccessguard.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.OrganizationSeed;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void demoOrganization_everyService_answersTheRealSdk() {
        try (AwsEmulator aws = AwsEmulator.start(OrganizationSeed.demo())) {
            AwsCredentials mgmt = aws.credentialsFor("111111111111");
            try (var sts = Sdk.sts(aws, mgmt); var iam = Sdk.iam(aws, mgmt); var org = Sdk.organizations(aws, mgmt);
                 var sns = Sdk.sns(aws, mgmt)) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo("111111111111");
                assertThat(iam.getRole(r -> r.roleName("org-access-guard-function")).role().roleName())
                        .isEqualTo("org-access-guard-function");
                assertThat(org.describeOrganization().organization().masterAccountId()).isEqualTo("111111111111");
                assertThat(org.listAccounts().accounts()).hasSize(11);
                assertThat(sns.listTopics().topics()).hasSize(1);
                var creds = sts.assumeRole(r -> r.roleArn("arn:aws:iam::222222222222:role/OrganizationAccountAccessRole")
                        .roleSessionName("smoke")).credentials();
                try (var sts2 = Sdk.sts(aws, Sdk.from(creds))) {
                    assertThat(sts2.getCallerIdentity().arn())
                            .isEqualTo("arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/smoke");
                }
            }
        }
    }
}
