package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.EMPTY;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static io.orgaccessguard.emulator.TestOrgs.UNTRUSTING;
import static io.orgaccessguard.emulator.TestOrgs.roleArn;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.PolicyDocuments;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Tag;

class StsTest {

    private AwsEmulator aws;
    private StsClient mgmtSts;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(1).propagationDelay(Duration.ofSeconds(10)).build(),
                TestOrgs.standard());
        mgmtSts = Sdk.sts(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        mgmtSts.close();
        aws.close();
    }

    private AssumeRoleResponse assume(StsClient sts, String arn, String session) {
        return sts.assumeRole(r -> r.roleArn(arn).roleSessionName(session));
    }

    @Test
    void assumeRole_trustedCaller_issuesWorkingSessionCredentials() {
        AssumeRoleResponse response = assume(mgmtSts, roleArn(PAYMENTS, ACCESS_ROLE), "guard");

        assertThat(response.credentials().accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(response.credentials().sessionToken()).isNotBlank();
        assertThat(response.credentials().expiration()).isAfter(Instant.now().plus(Duration.ofMinutes(59)));
        assertThat(response.assumedRoleUser().arn())
                .isEqualTo("arn:aws:sts::" + PAYMENTS + ":assumed-role/" + ACCESS_ROLE + "/guard");
        assertThat(response.assumedRoleUser().assumedRoleId()).startsWith("AROA").endsWith(":guard");
        try (StsClient session = Sdk.sts(aws, Sdk.from(response.credentials()))) {
            var identity = session.getCallerIdentity();
            assertThat(identity.account()).isEqualTo(PAYMENTS);
            assertThat(identity.arn()).isEqualTo(response.assumedRoleUser().arn());
            assertThat(identity.userId()).isEqualTo(response.assumedRoleUser().assumedRoleId());
        }
        assertThat(aws.calls()).anySatisfy(c -> {
            assertThat(c.action()).isEqualTo("AssumeRole");
            assertThat(c.targetAccount()).isEqualTo(PAYMENTS);
            assertThat(c.callerAccount()).isEqualTo(MGMT);
            assertThat(c.parameters()).containsEntry("RoleSessionName", "guard");
        });
    }

    @Test
    void assumeRole_missingRole_accessDenied() {
        var e = Sdk.error(() -> assume(mgmtSts, roleArn(EMPTY, ACCESS_ROLE), "guard"), "AccessDenied", 403);

        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::" + MGMT
                + ":user/emulator-admin is not authorized to perform: sts:AssumeRole on resource: "
                + roleArn(EMPTY, ACCESS_ROLE));
    }

    @Test
    void assumeRole_untrustingRole_accessDeniedWithTheSameMessageAsAMissingRole() {
        var untrusting = Sdk.error(() -> assume(mgmtSts, roleArn(UNTRUSTING, ACCESS_ROLE), "guard"), "AccessDenied", 403);
        var missing = Sdk.error(() -> assume(mgmtSts, roleArn(UNTRUSTING, "Nope"), "guard"), "AccessDenied", 403);

        assertThat(untrusting.awsErrorDetails().errorMessage())
                .isEqualTo(missing.awsErrorDetails().errorMessage().replace("Nope", ACCESS_ROLE));
    }

    @Test
    void assumeRole_roleCreatedWithinPropagationDelay_deniedThenAllowed() {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(EMPTY))) {
            iam.createRole(r -> r.roleName(ACCESS_ROLE).assumeRolePolicyDocument(PolicyDocuments.trust(MGMT)));
        }
        Sdk.error(() -> assume(mgmtSts, roleArn(EMPTY, ACCESS_ROLE), "early"), "AccessDenied", 403);

        aws.advanceClock(Duration.ofSeconds(11));

        assertThat(assume(mgmtSts, roleArn(EMPTY, ACCESS_ROLE), "later").credentials()).isNotNull();
    }

    @Test
    void assumeRole_trustUpdatedWithinPropagationDelay_deniedUntilItPropagates() {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(UNTRUSTING))) {
            iam.updateAssumeRolePolicy(r -> r.roleName(ACCESS_ROLE).policyDocument(PolicyDocuments.trust(MGMT)));
        }
        Sdk.error(() -> assume(mgmtSts, roleArn(UNTRUSTING, ACCESS_ROLE), "early"), "AccessDenied", 403);

        aws.advanceClock(Duration.ofSeconds(10));

        assertThat(assume(mgmtSts, roleArn(UNTRUSTING, ACCESS_ROLE), "later").assumedRoleUser()).isNotNull();
    }

    @Test
    void assumeRole_realPropagationDelay_elapsesWithWallClock() throws InterruptedException {
        try (AwsEmulator fast = AwsEmulator.start(EmulatorOptions.builder().propagationDelay(Duration.ofMillis(300))
                .build(), TestOrgs.standard());
             StsClient sts = Sdk.sts(fast, fast.credentialsFor(MGMT));
             IamClient iam = Sdk.iam(fast, fast.credentialsFor(EMPTY))) {
            iam.createRole(r -> r.roleName(ACCESS_ROLE).assumeRolePolicyDocument(PolicyDocuments.trust(MGMT)));
            Sdk.error(() -> assume(sts, roleArn(EMPTY, ACCESS_ROLE), "early"), "AccessDenied", 403);
            Thread.sleep(400);
            assertThat(assume(sts, roleArn(EMPTY, ACCESS_ROLE), "later").credentials()).isNotNull();
        }
    }

    @Test
    void assumeRole_sourceIdentityOrTagsWithoutTrust_accessDeniedForThatAction() {
        var e = Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, ACCESS_ROLE))
                .roleSessionName("sess").sourceIdentity("alice")), "AccessDenied", 403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("sts:SetSourceIdentity");

        var t = Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, ACCESS_ROLE))
                .roleSessionName("sess").tags(Tag.builder().key("k").value("v").build())), "AccessDenied", 403);
        assertThat(t.awsErrorDetails().errorMessage()).contains("sts:TagSession");
    }

    @Test
    void assumeRole_sourceIdentityAndTagsTrusted_allowedAndCarriedIntoTheSession() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + MGMT + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\",\"sts:TagSession\"]}]}";
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            iam.createRole(r -> r.roleName("Tagged").assumeRolePolicyDocument(trust));
        }
        aws.advanceClock(Duration.ofMinutes(1));

        var response = mgmtSts.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, "Tagged")).roleSessionName("sess")
                .sourceIdentity("alice").tags(Tag.builder().key("team").value("sec").build()));

        assertThat(response.sourceIdentity()).isEqualTo("alice");
        assertThat(response.packedPolicySize()).isPositive();
    }

    @Test
    void assumeRole_externalIdCondition_admitsOnlyTheMatchingExternalId() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + MGMT + ":root\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"xyz-123\"}}}]}";
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            iam.createRole(r -> r.roleName("WithExternalId").assumeRolePolicyDocument(trust));
        }
        aws.advanceClock(Duration.ofMinutes(1));
        String arn = roleArn(PAYMENTS, "WithExternalId");

        Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(arn).roleSessionName("sess")), "AccessDenied", 403);
        Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(arn).roleSessionName("sess").externalId("wrong")),
                "AccessDenied", 403);
        assertThat(mgmtSts.assumeRole(r -> r.roleArn(arn).roleSessionName("sess").externalId("xyz-123"))
                .credentials()).isNotNull();
    }

    @Test
    void assumeRole_unevaluableCondition_doesNotAdmit() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            iam.createRole(r -> r.roleName("IpBound").assumeRolePolicyDocument(trust));
        }
        aws.advanceClock(Duration.ofMinutes(1));

        Sdk.error(() -> assume(mgmtSts, roleArn(PAYMENTS, "IpBound"), "sess"), "AccessDenied", 403);
    }

    @Test
    void assumeRole_principalOrgIdCondition_admitsMembersOnly() {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                + "\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-test123456\"}}}]}";
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            iam.createRole(r -> r.roleName("OrgOnly").assumeRolePolicyDocument(trust));
        }
        aws.advanceClock(Duration.ofMinutes(1));

        assertThat(assume(mgmtSts, roleArn(PAYMENTS, "OrgOnly"), "sess").credentials()).isNotNull();
        try (StsClient outsider = Sdk.sts(aws, aws.credentialsFor(TestOrgs.EXTERNAL))) {
            Sdk.error(() -> assume(outsider, roleArn(PAYMENTS, "OrgOnly"), "sess"), "AccessDenied", 403);
        }
    }

    @Test
    void assumeRole_invalidInput_validationError() {
        String arn = roleArn(PAYMENTS, ACCESS_ROLE);
        Sdk.error(() -> assume(mgmtSts, arn, "x"), "ValidationError", 400);
        Sdk.error(() -> assume(mgmtSts, arn, "has space"), "ValidationError", 400);
        Sdk.error(() -> assume(mgmtSts, arn, "a".repeat(65)), "ValidationError", 400);
        Sdk.error(() -> assume(mgmtSts, "not-an-arn-but-long-enough", "s1"), "ValidationError", 400);
        Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(arn).roleSessionName("s1").durationSeconds(899)),
                "ValidationError", 400);
        var e = Sdk.error(() -> mgmtSts.assumeRole(r -> r.roleArn(arn).roleSessionName("s1").durationSeconds(7200)),
                "ValidationError", 400);
        assertThat(e.awsErrorDetails().errorMessage()).contains("MaxSessionDuration");
    }

    @Test
    void assumeRole_roleChainingBeyondOneHour_validationError() {
        var first = assume(mgmtSts, roleArn(PAYMENTS, ACCESS_ROLE), "hop1");
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            iam.createRole(r -> r.roleName("Long").maxSessionDuration(43200)
                    .assumeRolePolicyDocument(PolicyDocuments.trust("arn:aws:iam::" + PAYMENTS + ":root")));
        }
        aws.advanceClock(Duration.ofMinutes(1));
        try (StsClient chained = Sdk.sts(aws, Sdk.from(first.credentials()))) {
            var e = Sdk.error(() -> chained.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, "Long"))
                    .roleSessionName("hop2").durationSeconds(7200)), "ValidationError", 400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("role chaining");
            assertThat(chained.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, "Long")).roleSessionName("hop2"))
                    .credentials()).isNotNull();
        }
        assertThat(mgmtSts.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, ACCESS_ROLE)).roleSessionName("sess")
                .durationSeconds(3600)).credentials()).isNotNull();
    }

    @Test
    void assumedSession_iamCalls_actInTheTargetAccountOnly() {
        var creds = Sdk.from(assume(mgmtSts, roleArn(PAYMENTS, ACCESS_ROLE), "guard").credentials());
        try (IamClient iam = Sdk.iam(aws, creds)) {
            iam.createRole(r -> r.roleName("MadeBySession").assumeRolePolicyDocument(PolicyDocuments.trust(MGMT)));
            assertThat(iam.getRole(r -> r.roleName(ACCESS_ROLE)).role().arn()).isEqualTo(roleArn(PAYMENTS, ACCESS_ROLE));
            // LambdaRole exists only in the management account: the session cannot see it.
            Sdk.error(() -> iam.getRole(r -> r.roleName("LambdaRole")), "NoSuchEntity", 404);
        }
        assertThat(aws.role(PAYMENTS, "MadeBySession")).isPresent();
        assertThat(aws.role(MGMT, "MadeBySession")).isEmpty();
    }

    @Test
    void credentialsForRole_lambdaRoleSession_usesTheRolesPolicies() {
        AwsCredentials lambda = aws.credentialsForRole(MGMT, "LambdaRole", "org-access-guard");
        try (StsClient sts = Sdk.sts(aws, lambda); IamClient iam = Sdk.iam(aws, lambda)) {
            assertThat(sts.getCallerIdentity().arn())
                    .isEqualTo("arn:aws:sts::" + MGMT + ":assumed-role/LambdaRole/org-access-guard");
            assertThat(assume(sts, roleArn(PAYMENTS, ACCESS_ROLE), "hop").credentials()).isNotNull();
            Sdk.error(() -> iam.listRoles(), "AccessDenied", 403);
        }
    }

    @Test
    void assumeRole_callerWithoutStsPermission_accessDeniedEvenWhenTrusted() {
        AwsCredentials weak = aws.credentialsForRole(MGMT, "NoPermissions", "sess");
        try (StsClient sts = Sdk.sts(aws, weak)) {
            Sdk.error(() -> assume(sts, roleArn(PAYMENTS, ACCESS_ROLE), "sess"), "AccessDenied", 403);
        }
    }

    @Test
    void expiredSession_anyCall_expiredToken() {
        var creds = Sdk.from(mgmtSts.assumeRole(r -> r.roleArn(roleArn(PAYMENTS, ACCESS_ROLE)).roleSessionName("sess")
                .durationSeconds(900)).credentials());
        aws.advanceClock(Duration.ofMinutes(16));
        try (StsClient sts = Sdk.sts(aws, creds)) {
            Sdk.error(sts::getCallerIdentity, "ExpiredToken", 403);
        }
    }

    @Test
    void trustNamingARole_roleRecreated_noLongerAdmitsTheNewRole() {
        String callerRole = roleArn(MGMT, "Caller");
        try (IamClient mgmtIam = Sdk.iam(aws, aws.credentialsFor(MGMT));
             IamClient payIam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            mgmtIam.createRole(r -> r.roleName("Caller").assumeRolePolicyDocument(PolicyDocuments.trust(MGMT)));
            mgmtIam.attachRolePolicy(r -> r.roleName("Caller").policyArn(TestOrgs.ADMIN));
            payIam.createRole(r -> r.roleName("Target").assumeRolePolicyDocument(PolicyDocuments.trust(callerRole)));
            aws.advanceClock(Duration.ofMinutes(1));
            try (StsClient asCaller = Sdk.sts(aws, aws.credentialsForRole(MGMT, "Caller", "one"))) {
                assertThat(assume(asCaller, roleArn(PAYMENTS, "Target"), "sess").credentials()).isNotNull();
            }
            mgmtIam.detachRolePolicy(r -> r.roleName("Caller").policyArn(TestOrgs.ADMIN));
            mgmtIam.deleteRole(r -> r.roleName("Caller"));
            mgmtIam.createRole(r -> r.roleName("Caller").assumeRolePolicyDocument(PolicyDocuments.trust(MGMT)));
            mgmtIam.attachRolePolicy(r -> r.roleName("Caller").policyArn(TestOrgs.ADMIN));
            aws.advanceClock(Duration.ofMinutes(1));
            try (StsClient asNewCaller = Sdk.sts(aws, aws.credentialsForRole(MGMT, "Caller", "two"))) {
                Sdk.error(() -> assume(asNewCaller, roleArn(PAYMENTS, "Target"), "sess"), "AccessDenied", 403);
            }
            assertThat(aws.role(PAYMENTS, "Target").orElseThrow().trustPolicy()).doesNotContain(callerRole)
                    .contains("AROA");
        }
    }
}
