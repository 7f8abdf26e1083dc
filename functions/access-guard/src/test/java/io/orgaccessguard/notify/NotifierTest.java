package io.orgaccessguard.notify;

import static io.orgaccessguard.notify.Fixtures.MEMBER;
import static io.orgaccessguard.notify.Fixtures.config;
import static io.orgaccessguard.notify.Fixtures.object;
import static io.orgaccessguard.notify.Fixtures.accountResult;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.Announcer.RunDigest;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.SnsException;

class NotifierTest {


    private SnsClient sns;

    @AfterEach
    void closeClient() {
        if (sns != null) {
            sns.close();
        }
    }


    private Notifier notifier(RecordingHttpClient http, GuardConfig config) {
        sns = SnsClient.builder()
                .httpClient(http)
                .region(Region.US_EAST_1)
                // No signing: the fake never checks, and a test needs no credentials of any kind.
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
        return new Notifier(sns, config);
    }

    // --- when not to publish -----------------------------------------------------------------------------------

    @Test
    void publish_noTopicConfigured_returnsEmptyWithoutCallingSns() {
        var http = RecordingHttpClient.publishing("never");

        Optional<String> messageId = notifier(http, config("NOTIFY_ON", "all")).announce(accountResult(Outcome.ROLE_MISSING),
                ORGANIZATION);

        assertThat(messageId).isEmpty();
        assertThat(http.bodies()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"ACCESS_VERIFIED", "ROLE_CREATED", "WOULD_CREATE", "SKIPPED"})
    void publish_notifyOnProblemsAndNoPersonNeeded_returnsEmptyWithoutCallingSns(Outcome outcome) {
        var http = RecordingHttpClient.publishing("never");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN, "NOTIFY_ON", "problems");

        assertThat(notifier(http, config).announce(accountResult(outcome), ORGANIZATION)).isEmpty();
        assertThat(http.bodies()).isEmpty();
    }

    @Test
    void publish_notifyOnChangesAndNothingChanged_returnsEmptyWithoutCallingSns() {
        var http = RecordingHttpClient.publishing("never");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN, "NOTIFY_ON", "changes");

        assertThat(notifier(http, config).announce(accountResult(Outcome.ACCESS_VERIFIED), ORGANIZATION)).isEmpty();
        assertThat(http.bodies()).isEmpty();
    }

    @Test
    void publish_notifyOnAllAndSkipped_returnsEmptyWithoutCallingSns() {
        var http = RecordingHttpClient.publishing("never");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN, "NOTIFY_ON", "all");

        assertThat(notifier(http, config).announce(accountResult(Outcome.SKIPPED), ORGANIZATION)).isEmpty();
        assertThat(http.bodies()).isEmpty();
    }

    // --- what is published -------------------------------------------------------------------------------------

    @Test
    void publish_wantedOutcome_publishesOnceAndReturnsTheMessageId() {
        var http = RecordingHttpClient.publishing("5f1c2d3e-0000-4000-8000-000000000001");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);

        Optional<String> messageId = notifier(http, config).announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION);

        assertThat(messageId).contains("5f1c2d3e-0000-4000-8000-000000000001");
        assertThat(http.bodies()).hasSize(1);
    }

    @Test
    void publish_wantedOutcome_requestIsJsonStructuredWithSubjectAndFilterAttributes() {
        var http = RecordingHttpClient.publishing("id-1");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        AccountResult result = accountResult(Outcome.ROLE_MISSING);
        Notification expected = new NotificationRenderer().render(ResultWords.of(result), ORGANIZATION, config);

        notifier(http, config).announce(result, ORGANIZATION);

        Map<String, String> request = http.onlyRequest();
        assertThat(request).containsEntry("Action", "Publish").containsEntry("TopicArn", TOPIC_ARN)
                .containsEntry("MessageStructure", "json")
                .containsEntry("Subject", "[org-access-guard] ROLE_MISSING: 222233334444 (Payments Prod)");
        assertThat(http.onlyRequestAttributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "outcome", "ROLE_MISSING", "accountId", MEMBER, "managementAccountId", MANAGEMENT_ACCOUNT_ID));
        Map<String, Object> message = object(Json.parse(request.get("Message")));
        // E-mail gets "default": SNS sends it to every protocol the message names no value for.
        assertThat(message.keySet()).containsExactlyInAnyOrder("default", "sqs", "lambda", "http",
                "https", "email-json", "application", "firehose");
        assertThat(message).containsEntry("default", expected.emailText());
        for (String protocol : List.of("sqs", "lambda", "http", "https", "email-json", "application", "firehose")) {
            assertThat(message).containsEntry(protocol, expected.machineJson());
        }
        assertThat(object(Json.parse((String) message.get("sqs")))).containsEntry("accountId", MEMBER)
                .containsEntry("outcome", "ROLE_MISSING");
    }

    @Test
    void publish_reasonTooLargeForSns_cutsTheReasonUntilTheMessageFits() {
        var http = RecordingHttpClient.publishing("id-1");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        var result = new AccountResult(MEMBER, "Payments Prod", "INVITED", Outcome.FAILED,
                new Reason.Unexpected("AccessDenied", "x".repeat(200_000), List.of()), Optional.empty(), List.of(),
                Optional.empty());
        int fullLength = ResultWords.of(result).reason().length();

        notifier(http, config).announce(result, ORGANIZATION);

        Map<String, String> request = http.onlyRequest();
        int size = request.get("Message").getBytes(StandardCharsets.UTF_8).length;
        assertThat(size).isLessThanOrEqualTo(Notifier.MAX_MESSAGE_BYTES).isGreaterThan(Notifier.MAX_MESSAGE_BYTES / 2);
        Map<String, Object> message = object(Json.parse(request.get("Message")));
        String sentReason = (String) object(Json.parse((String) message.get("sqs"))).get("reason");
        assertThat(sentReason).startsWith("unexpected AccessDenied (xxx")
                .endsWith("[reason truncated to fit the SNS message size limit; " + fullLength + " characters in full]");
        assertThat((String) message.get("default")).contains("aws iam create-role", "aws lambda invoke");
    }

    @Test
    void publish_everyFieldHuge_stillSendsAMessageThatFits() {
        var http = RecordingHttpClient.publishing("id-1");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        String huge = "\u00e9\"\u0001".repeat(20_000);
        var result = new AccountResult(MEMBER, huge, huge, Outcome.FAILED, new Reason.Unexpected(huge, huge,
                List.of()), Optional.of(huge), Collections.nCopies(20, new Action.PolicyAttached(huge, huge)),
                Optional.empty());

        notifier(http, config).announce(result, ORGANIZATION);

        Map<String, String> request = http.onlyRequest();
        assertThat(request.get("Message").getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(Notifier.MAX_MESSAGE_BYTES);
        assertThat(request.get("Subject")).hasSizeLessThanOrEqualTo(SubjectLine.MAX_LENGTH);
    }

    @Test
    void publish_snsRejectsTheMessage_exceptionReachesTheCaller() {
        var http = RecordingHttpClient.failing("InvalidParameter", "Invalid parameter: Subject");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        Notifier notifier = notifier(http, config);

        assertThatThrownBy(() -> notifier.announce(accountResult(Outcome.ROLE_MISSING), ORGANIZATION))
                .isInstanceOf(SnsException.class).hasMessageContaining("Invalid parameter: Subject");
    }

    @Test
    void announceDigest_sendsOneDigestOfTheRunsTypedResults_withTheRunsCounts_andNothingWhenNoneAreAnnounced() {
        var http = RecordingHttpClient.publishing("id-1");
        GuardConfig config = config("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        Notifier notifier = notifier(http, config);

        Optional<String> messageId = notifier.announceDigest(new RunDigest("run-1",
                List.of(accountResult(Outcome.ROLE_MISSING)), Map.of(Outcome.ROLE_MISSING, 1,
                Outcome.ACCESS_VERIFIED, 9_999), 10_000, ORGANIZATION));

        assertThat(messageId).contains("id-1");
        Map<String, Object> message = object(Json.parse(http.onlyRequest().get("Message")));
        Map<String, Object> digest = object(Json.parse((String) message.get("sqs")));
        assertThat(digest).containsEntry("type", "digest").containsEntry("checked", 10_000)
                .containsEntry("runId", "run-1").containsEntry("accountsAnnounced", 1)
                .containsEntry("accountsOmitted", 0);
        assertThat(object(digest.get("counts"))).containsEntry("ACCESS_VERIFIED", 9_999);
        assertThat(object(digest.get("accountIdsByOutcome"))).containsEntry("ROLE_MISSING", List.of(MEMBER));
        assertThat((String) message.get("default")).containsPattern(MEMBER + " +Payments Prod +ROLE_MISSING +nothing");
        assertThat(notifier.announceDigest(new RunDigest("run-2", List.of(), Map.of(), 0, ORGANIZATION)))
                .as("nothing to announce").isEmpty();
    }
}
