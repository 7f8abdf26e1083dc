package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.RoleView;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.TestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/** EventBridge delivers at least once: the same join, twice in a row or twice at the same moment. */
class DuplicateDeliveryTest {

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void sameEventDeliveredTwice_theSecondChangesNothingAndSendsNoMessage() {
        guard = Guard.start(Accounts.organization().build());
        Report first = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));
        assertThat(first.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        guard.aws().clearCalls();

        Report second = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));

        assertThat(second.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.writes(guard)).as("no write of any kind the second time").isEmpty();
        assertThat(guard.aws().publishedMessages()).as("the creation, announced once").singleElement()
                .satisfies(message -> assertThat(message.subject()).contains("ROLE_CREATED"));
    }

    /** The same event, handled by two invocations started at the same moment. */
    private List<Report> deliveredTwiceAtOnce(String event) throws Exception {
        var start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Report> reports = new ArrayList<>();
        try {
            var futures = new ArrayList<Future<Report>>();
            for (TestContext context : List.of(new TestContext(), new TestContext())) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return guard.joinEvent(event, context);
                }));
            }
            start.countDown();
            for (Future<Report> future : futures) {
                reports.add(future.get());
            }
        } finally {
            threads.shutdownNow();
        }
        return reports;
    }

    @Test
    void sameEventDeliveredConcurrently_oneRoleConsistentOutcomesAndOneAnnouncement() throws Exception {
        // IAM answers slowly, so both invocations find the role missing before either creates it.
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .latency("iam", Duration.ofMillis(300)).build(), Map.of());
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        List<Report> reports = deliveredTwiceAtOnce(event);

        oneRoleOneCreationOneAnnouncement(reports, event);
    }

    @Test
    void sameEventDeliveredConcurrently_whileTheFirstIsStillAttaching_theSecondLetsItFinish() throws Exception {
        // AttachRolePolicy is throttled to one call every 2 s, and the one token is spent now: the invocation that
        // creates the role is slow to complete it, and the other finds it half-made.
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .latency("iam", Duration.ofMillis(100)).throttle("iam", "AttachRolePolicy", 0.5).build(),
                Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "20"));
        spendTheAttachToken();
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        List<Report> reports = deliveredTwiceAtOnce(event);

        assertThat(Calls.named(guard, "AttachRolePolicy")).extracting(CallRecord::errorCode).contains("Throttling");
        assertThat(Calls.succeeded(guard, "AttachRolePolicy")).as("attached once, by the run that created it")
                .hasSize(1);
        oneRoleOneCreationOneAnnouncement(reports, event);
    }

    private void spendTheAttachToken() {
        AwsCredentials admin = guard.aws().credentialsFor(Accounts.WITH_ACCESS_ROLE);
        try (IamClient iam = IamClient.builder().endpointOverride(guard.aws().endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        admin.accessKeyId(), admin.secretAccessKey()))).build()) {
            iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMINISTRATOR_ACCESS));
        }
        guard.aws().clearCalls();
    }

    private void oneRoleOneCreationOneAnnouncement(List<Report> reports, String event) {
        List<CallRecord> creates = Calls.named(guard, "CreateRole");
        assertThat(creates).as("both invocations raced to create the role").hasSize(2);
        assertThat(creates).filteredOn(CallRecord::succeeded).as("one role").hasSize(1);
        assertThat(creates).extracting(CallRecord::errorCode).contains("EntityAlreadyExists");
        List<String> outcomes = reports.stream().map(report -> report.outcome(WITH_BOOTSTRAP_ONLY)).toList();
        assertThat(outcomes).as("one created it, the other saw it work")
                .containsExactlyInAnyOrder("ROLE_CREATED", "ACCESS_VERIFIED");
        Report loser = reports.get(outcomes.indexOf("ACCESS_VERIFIED"));
        assertThat((String) loser.result(WITH_BOOTSTRAP_ONLY).get("reason")).contains("another run");
        assertThat(loser.result(WITH_BOOTSTRAP_ONLY).get("actions")).isEqualTo(List.of());
        RoleView role = guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow();
        assertThat(role.attachedPolicyArns()).containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(guard.aws().publishedMessages()).extracting(PublishedMessage::subject).as("announced once")
                .singleElement().satisfies(subject -> assertThat(subject).contains("ROLE_CREATED"));

        guard.aws().clearCalls();
        Report again = guard.joinEvent(event);
        assertThat(again.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.writes(guard)).isEmpty();
        assertThat(guard.aws().publishedMessages()).hasSize(1);
    }
}
