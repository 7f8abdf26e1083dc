package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sts.StsClient;

class AuthTest {

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(9).build(), TestOrgs.standard());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void credentialsFor_sameSeed_sameKeysAndOneAccountPerKey() {
        try (AwsEmulator again = AwsEmulator.start(EmulatorOptions.builder().seed(9).build(), TestOrgs.standard())) {
            assertThat(again.credentialsFor(MGMT)).isEqualTo(aws.credentialsFor(MGMT));
        }
        assertThat(aws.credentialsFor(MGMT).accessKeyId()).startsWith("AKIA").hasSize(20)
                .isNotEqualTo(aws.credentialsFor(PAYMENTS).accessKeyId());
        try (StsClient sts = Sdk.sts(aws, aws.credentialsFor(PAYMENTS))) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo("arn:aws:iam::" + PAYMENTS + ":user/emulator-admin");
        }
    }

    @Test
    void wrongSecret_signatureMismatch_inEachProtocol() {
        var real = aws.credentialsFor(MGMT);
        var forged = AwsCredentials.longTerm(real.accessKeyId(), "x" + real.secretAccessKey().substring(1));
        try (StsClient sts = Sdk.sts(aws, forged); OrganizationsClient org = Sdk.organizations(aws, forged)) {
            Sdk.error(sts::getCallerIdentity, "SignatureDoesNotMatch", 403);
            Sdk.error(org::describeOrganization, "InvalidSignatureException", 403);
        }
    }

    @Test
    void unknownAccessKey_invalidClientTokenIdOrUnrecognizedClient() {
        var unknown = AwsCredentials.longTerm("AKIAUNKNOWN000000000", "secret");
        try (StsClient sts = Sdk.sts(aws, unknown); OrganizationsClient org = Sdk.organizations(aws, unknown)) {
            Sdk.error(sts::getCallerIdentity, "InvalidClientTokenId", 403);
            Sdk.error(org::describeOrganization, "UnrecognizedClientException", 403);
        }
    }

    @Test
    void temporaryKeyWithoutOrWithWrongSessionToken_invalidClientTokenId() {
        var session = aws.credentialsForRole(PAYMENTS, TestOrgs.ACCESS_ROLE, "x1");
        var noToken = AwsCredentials.longTerm(session.accessKeyId(), session.secretAccessKey());
        var wrongToken = new AwsCredentials(session.accessKeyId(), session.secretAccessKey(), Optional.of("nope"),
                Optional.empty());
        try (StsClient a = Sdk.sts(aws, noToken); StsClient b = Sdk.sts(aws, wrongToken);
             StsClient ok = Sdk.sts(aws, session)) {
            Sdk.error(a::getCallerIdentity, "InvalidClientTokenId", 403);
            Sdk.error(b::getCallerIdentity, "InvalidClientTokenId", 403);
            assertThat(ok.getCallerIdentity().account()).isEqualTo(PAYMENTS);
        }
    }

    @Test
    void calls_recordEveryRequestWithoutSecrets() {
        try (StsClient sts = Sdk.sts(aws, aws.credentialsFor(MGMT))) {
            sts.getCallerIdentity();
            sts.assumeRole(r -> r.roleArn(TestOrgs.roleArn(PAYMENTS, TestOrgs.ACCESS_ROLE)).roleSessionName("rec")
                    .serialNumber("arn:aws:iam::111111111111:mfa/x").tokenCode("123456"));
        }
        assertThat(aws.calls()).hasSize(2);
        CallRecord assume = aws.calls().get(1);
        assertThat(assume.service()).isEqualTo("sts");
        assertThat(assume.callerArn()).isEqualTo("arn:aws:iam::" + MGMT + ":user/emulator-admin");
        assertThat(assume.httpStatus()).isEqualTo(200);
        assertThat(assume.errorCode()).isNull();
        assertThat(assume.parameters()).containsKey("RoleArn").doesNotContainKey("TokenCode");
        aws.clearCalls();
        assertThat(aws.calls()).isEmpty();
    }
}
