package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * SNS refusing to publish: the invocation fails so Lambda retries, the retry repeats none of the work already done,
 * and no announcement is lost on the way — above all not the one of a role this tool created.
 */
class PublishFailureTest {

    /** More failures than the SDK makes attempts, so a publish that is retried still fails (then cleared). */
    private static final int BEYOND_RETRIES = 50;

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** SNS refuses for good, as when the topic's policy no longer lets the function publish (not retried). */
    private void failPublishing() {
        guard.aws().faults().failNext("sns", "Publish", BEYOND_RETRIES, "AuthorizationError", 403);
    }

    private void publishingWorksAgain() {
        guard.aws().faults().clearScripted();
        guard.aws().clearCalls();
    }

    @Test
    void snsPublishFailing_failsTheJoinInvocationSoLambdaRetries() {
        guard = Guard.start(Accounts.organization().build());
        // An SNS outage: every one of the SDK's attempts answers 500.
        guard.aws().faults().failNext("sns", "Publish", BEYOND_RETRIES, "InternalError", 500);

        assertThatThrownBy(() -> guard.joinEvent(EventFiles.accountJoined(WITH_NOTHING)))
                .isInstanceOf(SdkException.class).hasMessageContaining("InternalError");

        assertThat(guard.aws().publishedMessages()).isEmpty();
        publishingWorksAgain();
        Report retry = guard.joinEvent(EventFiles.accountJoined(WITH_NOTHING));
        assertThat(retry.outcome(WITH_NOTHING)).isEqualTo("ROLE_MISSING");
        assertThat(guard.aws().publishedMessages()).singleElement()
                .satisfies(message -> assertThat(message.subject()).contains("ROLE_MISSING").contains(WITH_NOTHING));
    }

    /**
     * The event path keeps the status store off a verified join's cold path (issue 11), so the retry reports what it
     * finds, ACCESS_VERIFIED, without repeating the work; the creation whose message failed stays owed in the store,
     * and the next reconcile announces it, once.
     */
    @Test
    void roleCreatedWhoseMessageFailed_retryDoesNotCreateAgain_andTheReconcileAnnouncesTheCreationOnce() {
        guard = Guard.start(Accounts.organization().build());
        failPublishing();

        assertThatThrownBy(() -> guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY)))
                .isInstanceOf(SdkException.class);
        assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE)).as("the work was done").isPresent();
        assertThat(guard.aws().publishedMessages()).isEmpty();
        assertThat(guard.status(WITH_BOOTSTRAP_ONLY)).as("the creation is owed").hasValueSatisfying(status ->
                assertThat(status).containsEntry("change", "ROLE_CREATED"));

        publishingWorksAgain();
        Report retry = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));

        assertThat(Calls.actions(Calls.writes(guard))).as("no work repeated")
                .doesNotContain("iam:CreateRole", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy");
        assertThat(retry.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");

        Report reconcile = guard.manual("{\"reconcile\": \"start\"}");

        assertThat(reconcile.outcome(WITH_BOOTSTRAP_ONLY)).as("the reconcile reports the creation it announces")
                .isEqualTo("ROLE_CREATED");
        assertThat((String) reconcile.result(WITH_BOOTSTRAP_ONLY).get("reason")).contains("earlier");
        assertThat(guard.aws().publishedMessages()).as("one digest").singleElement().satisfies(digest ->
                assertThat(digest.message()).contains(WITH_BOOTSTRAP_ONLY).contains("ROLE_CREATED"));

        guard.aws().clearCalls();
        guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));
        guard.manual("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\"]}");
        assertThat(guard.aws().publishedMessages()).as("announced exactly once").hasSize(1);
        assertThat(Calls.writes(guard)).isEmpty();
    }

    @Test
    void roleCreatedWhoseMessageFailedOnAManualRun_nextRunAnnouncesIt() {
        guard = Guard.start(Accounts.organization().build());
        failPublishing();
        String request = "{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\"]}";

        assertThatThrownBy(() -> guard.manual(request)).isInstanceOf(SdkException.class);
        publishingWorksAgain();
        Report rerun = guard.manual(request);

        assertThat(rerun.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(guard.aws().publishedMessages()).singleElement()
                .satisfies(message -> assertThat(message.subject()).contains("ROLE_CREATED"));
        assertThat(Calls.actions(Calls.writes(guard))).doesNotContain("iam:CreateRole", "iam:AttachRolePolicy");
    }

    @Test
    void roleCreatedInADigestThatFailed_retryDigestAnnouncesTheCreation() {
        guard = Guard.start(Accounts.organization().build());
        failPublishing();

        assertThatThrownBy(() -> guard.manual("{\"all\": true}")).isInstanceOf(SdkException.class);
        publishingWorksAgain();
        // Every account was checked and staged by the first invocation: the retry (the same request) sends the digest.
        Report retry = guard.manual("{\"all\": true}");

        assertThat(retry.note()).hasValueSatisfying(note -> assertThat(note).contains("finished"));
        PublishedMessage digest = guard.aws().publishedMessages().getFirst();
        assertThat(guard.aws().publishedMessages()).hasSize(1);
        assertThat(email(digest)).containsPattern(WITH_BOOTSTRAP_ONLY + " +Data Lake Dev +ROLE_CREATED +created the role")
                .containsPattern(WITH_NOTHING + " +Marketing Sandbox +ROLE_MISSING");
        assertThat(guard.status(WITH_BOOTSTRAP_ONLY)).hasValueSatisfying(status -> assertThat(status)
                .containsEntry("status", "ACCESS_VERIFIED").containsKey("notifiedAt"));
        assertThat(Calls.actions(Calls.writes(guard))).doesNotContain("iam:CreateRole", "iam:AttachRolePolicy");
    }

    @Test
    void createdUnverifiedWhoseMessageFailed_isAnnouncedAsCreatedOnceItWorks() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder()
                .propagationDelay(Duration.ofMinutes(5)).build(), Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "1"));
        failPublishing();

        assertThatThrownBy(() -> guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY)))
                .isInstanceOf(SdkException.class);
        publishingWorksAgain();
        guard.aws().advanceClock(Duration.ofMinutes(10));
        Report retry = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));
        // A verified join leaves the status store alone (issue 11); the next check announces what is owed.
        assertThat(retry.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        Report recheck = guard.manual("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\"]}");

        assertThat(recheck.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(guard.aws().publishedMessages()).singleElement()
                .satisfies(message -> assertThat(message.subject()).contains("ROLE_CREATED"));
    }

    @Test
    void noTopicConfigured_aCreationIsNotOwedForEver() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                Map.of(GuardConfig.NOTIFICATION_TOPIC_ARN, ""));

        Report first = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));
        Report second = guard.joinEvent(EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));

        assertThat(first.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(second.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(guard.aws().publishedMessages()).isEmpty();
    }

    @Test
    void publishFailingForOneAccount_noWorkGoesOnAfterTheInvocationFailsAndTheRetryDoesTheRest() throws Exception {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                Map.of(GuardConfig.MAX_CONCURRENCY, "1"));
        String request = "{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\", \"" + WITH_NOTHING + "\"]}";
        // The first message (for 333333333333, checked first) cannot be sent.
        guard.aws().faults().failNext("sns", "Publish", 1, "AuthorizationError", 403);

        assertThatThrownBy(() -> guard.manual(request)).isInstanceOf(SdkException.class);
        int callsWhenTheInvocationEnded = guard.aws().calls().size();
        Thread.sleep(1_000);

        assertThat(guard.aws().calls().size()).as("no work goes on after the invocation has failed")
                .isEqualTo(callsWhenTheInvocationEnded);
        assertThat(Calls.assumedRoleArns(guard)).as("no further account is started once one has failed")
                .noneMatch(arn -> arn.contains(WITH_NOTHING));

        publishingWorksAgain();
        Report retry = guard.manual(request);

        assertThat(retry.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(retry.outcome(WITH_NOTHING)).isEqualTo("ROLE_MISSING");
        assertThat(guard.aws().publishedMessages()).extracting(PublishedMessage::subject)
                .hasSize(2).anyMatch(subject -> subject.contains("ROLE_CREATED: " + WITH_BOOTSTRAP_ONLY))
                .anyMatch(subject -> subject.contains("ROLE_MISSING: " + WITH_NOTHING));
        assertThat(Calls.actions(Calls.writes(guard))).doesNotContain("iam:CreateRole");
    }

    @SuppressWarnings("unchecked")
    private static String email(PublishedMessage message) {
        return (String) ((Map<String, Object>) Json.parse(message.message())).get("default");
    }

}
