package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.handler.JoinNotHandledException;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.testsupport.EventFiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * A run that gets half-way: IAM slower than the wait, a bootstrap role that may not create roles, a policy that
 * cannot be attached after the role was created, a verification that errors after the change. The outcome says what
 * was done, nothing is lost, and the next run finishes the job.
 */
class HalfDoneWorkTest {

    private static final String WEAK_BOOTSTRAP = "777777777777";

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private static String subjects(Guard guard) {
        return String.join(" | ", guard.aws().publishedMessages().stream().map(PublishedMessage::subject).toList());
    }

    @Test
    void iamPropagationSlowerThanTheWaitBudget_isCreatedUnverifiedAndARerunVerifies() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .propagationDelay(Duration.ofMinutes(5)).build(), Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "1"));
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        Report first = guard.joinEvent(event);

        assertThat(first.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED_UNVERIFIED");
        assertThat((String) first.result(WITH_BOOTSTRAP_ONLY).get("reason"))
                .contains("could not be assumed within 1s (IAM propagation)");
        assertThat(subjects(guard)).contains("ROLE_CREATED_UNVERIFIED: " + WITH_BOOTSTRAP_ONLY);
        assertThat(guard.status(WITH_BOOTSTRAP_ONLY)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ROLE_CREATED_UNVERIFIED"));

        guard.aws().advanceClock(Duration.ofMinutes(6));
        guard.aws().clearCalls();
        Report rerun = guard.joinEvent(event);

        assertThat(rerun.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.writes(guard)).as("nothing created or attached again, and a verified join records nothing")
                .isEmpty();

        guard.manual("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\"]}");
        assertThat(guard.status(WITH_BOOTSTRAP_ONLY)).as("the next check records it").hasValueSatisfying(status ->
                assertThat(status).containsEntry("status", "ACCESS_VERIFIED"));
        assertThat(guard.aws().publishedMessages()).as("the creation was announced; the verification is in the"
                + " response and the status table").hasSize(1);
    }

    @Test
    void bootstrapRoleAssumableButLackingCreateRole_alertsNamingTheDeniedCallAndConvergesOnceFixed() {
        guard = Guard.start(Accounts.organization().account(Accounts.member(WEAK_BOOTSTRAP, "Weak Bootstrap")
                .role(RoleSeed.builder(BOOTSTRAP_ROLE).trusting(MANAGEMENT_ROOT)
                        .inlinePolicy("read", PolicyDocuments.allow("*", "iam:GetRole")).build())
                .build()).build());
        String event = EventFiles.accountJoined(WEAK_BOOTSTRAP);

        // Not a failure a retry could cure: a person must fix the bootstrap role (or create the access role).
        Report first = guard.joinEvent(event);

        assertThat(first.outcome(WEAK_BOOTSTRAP)).isEqualTo("ROLE_MISSING");
        assertThat((String) first.result(WEAK_BOOTSTRAP).get("reason")).contains(BOOTSTRAP_ROLE)
                .contains("iam:CreateRole failed: AccessDenied");
        assertThat(guard.aws().role(WEAK_BOOTSTRAP, ACCESS_ROLE)).isEmpty();
        assertThat(subjects(guard)).contains("ROLE_MISSING: " + WEAK_BOOTSTRAP);
        // The same event again, before anyone fixed it: the same answer, nothing half-made, no second message.
        guard.aws().clearPublishedMessages();
        assertThat(guard.joinEvent(event).outcome(WEAK_BOOTSTRAP)).isEqualTo("ROLE_MISSING");
        assertThat(Calls.succeeded(guard, "CreateRole")).isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();

        grantCreateRole(WEAK_BOOTSTRAP);
        Report fixed = guard.joinEvent(event);

        assertThat(fixed.outcome(WEAK_BOOTSTRAP)).isEqualTo("ROLE_CREATED");
        assertThat(Calls.succeeded(guard, "CreateRole")).hasSize(1);
        assertThat(subjects(guard)).isEqualTo("[org-access-guard] ROLE_CREATED: " + WEAK_BOOTSTRAP
                + " (Weak Bootstrap)");
    }

    @Test
    void attachRolePolicyFailingAfterCreateRole_theNextRunCompletesTheHalfMadeRole() {
        guard = Guard.start(Accounts.organization().build());
        guard.aws().faults().failNext("iam", "AttachRolePolicy", 50, "ServiceFailure", 500);
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        assertThatThrownBy(() -> guard.joinEvent(event)).isInstanceOf(JoinNotHandledException.class)
                .hasMessageContaining("iam:AttachRolePolicy failed: ServiceFailure")
                .hasMessageContaining("done before the failure: [created role arn:aws:iam::" + WITH_BOOTSTRAP_ONLY);
        assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                .as("half-made").isEmpty();
        guard.aws().faults().clearScripted();
        guard.aws().clearCalls();

        Report retry = guard.joinEvent(event);

        assertThat(retry.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_COMPLETED");
        assertThat(retry.result(WITH_BOOTSTRAP_ONLY).get("actions"))
                .isEqualTo(List.of("attached " + ADMINISTRATOR_ACCESS));
        assertThat(Calls.named(guard, "CreateRole")).as("not created again").isEmpty();
        assertThat(Calls.succeeded(guard, "AttachRolePolicy")).hasSize(1);
        assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                .containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(subjects(guard)).isEqualTo("[org-access-guard] ROLE_COMPLETED: " + WITH_BOOTSTRAP_ONLY
                + " (Data Lake Dev)");

        guard.aws().clearCalls();
        Report third = guard.joinEvent(event);
        assertThat(third.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.writes(guard)).isEmpty();
        assertThat(guard.aws().publishedMessages()).hasSize(1);
    }

    @Test
    void verificationErroringAfterTheRoleWasCreated_isCreatedUnverifiedNotFailedSoTheCreationIsAnnounced()
            throws Exception {
        // IAM answers slowly, so there is time to break STS between CreateRole and the verification.
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .latency("iam", Duration.ofMillis(300)).build(), Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "1"));
        var broken = new AtomicBoolean();
        Thread saboteur = Thread.ofPlatform().start(() -> {
            while (Calls.named(guard, "CreateRole").isEmpty()) {
                Thread.onSpinWait();
            }
            guard.aws().faults().failNext("sts", "AssumeRole", 1_000, "RegionDisabledException", 403,
                    "STS is not activated in this region for account:111111111111.");
            broken.set(true);
        });
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        Report report = guard.joinEvent(event);
        saboteur.join();

        assertThat(broken).isTrue();
        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED_UNVERIFIED");
        assertThat((String) report.result(WITH_BOOTSTRAP_ONLY).get("reason"))
                .contains("last attempt: sts:AssumeRole failed: RegionDisabledException");
        assertThat(subjects(guard)).contains("ROLE_CREATED_UNVERIFIED: " + WITH_BOOTSTRAP_ONLY);

        guard.aws().faults().clearScripted();
        guard.aws().clearCalls();
        Report rerun = guard.joinEvent(event);
        assertThat(rerun.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.named(guard, "CreateRole")).isEmpty();
    }

    /** What the owner of the account does to fix the bootstrap role: allow what creating the role takes. */
    private void grantCreateRole(String accountId) {
        AwsCredentials admin = guard.aws().credentialsFor(accountId);
        try (IamClient iam = IamClient.builder().endpointOverride(guard.aws().endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        admin.accessKeyId(), admin.secretAccessKey()))).build()) {
            iam.putRolePolicy(r -> r.roleName(BOOTSTRAP_ROLE).policyName("create-access-role")
                    .policyDocument(PolicyDocuments.allow("arn:aws:iam::" + accountId + ":role/" + ACCESS_ROLE,
                            "iam:CreateRole", "iam:GetRole", "iam:TagRole", "iam:AttachRolePolicy",
                            "iam:ListAttachedRolePolicies", "iam:UpdateAssumeRolePolicy")));
        }
    }
}
