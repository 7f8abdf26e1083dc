package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.Digest.ReportLocation;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * The only caller of SNS: publishes one message per account result that the configuration wants a message for.
 * Exceptions from SNS are not caught: a lost alert must fail the invocation, so that Lambda retries it.
 */
public final class Notifier implements Announcer {

    /**
     * SNS's maximum message size, "at most 256 KB in size (262,144 bytes, not 262,144 characters)" (Publish,
     * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html); message body and attributes count against it.
     */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /**
     * Protocols that get the machine JSON. The e-mail text goes once, as {@code default}, which SNS sends to every
     * protocol the message names no value for ({@code email} among them): a second copy under {@code email} would only
     * halve what a digest can hold.
     */
    static final List<String> MACHINE_PROTOCOLS =
            List.of("sqs", "lambda", "http", "https", "email-json", "application", "firehose");
    /** Past this, the free text of a result is cut hard, so that even a pathological result fits. */
    private static final int LAST_RESORT_TEXT_LENGTH = 200;
    private static final int LAST_RESORT_ACTIONS = 10;

    private final Supplier<SnsClient> sns;
    private final GuardConfig config;
    private final Optional<ArtifactStore> artifacts;
    private final Optional<MemberTemplateUpload> templates;
    private final NotificationRenderer renderer = new NotificationRenderer();

    public Notifier(SnsClient sns, GuardConfig config) {
        this(() -> sns, config, Optional.empty());
    }

    /**
     * @param sns asked for the client only when a message is published: most invocations publish nothing, so a
     *            client built on first use (see {@code AwsClients#sns}) costs them nothing
     * @param artifacts the artifact bucket, where the member-account templates are put before the first alert that
     *            links to them, and each digest's complete report; required when {@code ARTIFACT_BUCKET} is set, and
     *            only then
     */
    public Notifier(Supplier<SnsClient> sns, GuardConfig config, Optional<ArtifactStore> artifacts) {
        if (config.artifactBucket().isPresent() != artifacts.isPresent()) {
            throw new IllegalArgumentException("an artifact store is needed exactly when ARTIFACT_BUCKET is set");
        }
        this.sns = sns;
        this.config = config;
        this.artifacts = artifacts;
        this.templates = artifacts.map(MemberTemplateUpload::new);
    }

    /** Whether a result of this outcome would be published: a topic is configured and {@code NOTIFY_ON} wants it. */
    @Override
    public boolean wouldAnnounce(Outcome outcome) {
        return config.notificationTopicArn().isPresent() && config.notifyOn().wants(outcome);
    }

    /**
     * Publishes one message for {@code result} when a topic is configured and {@code NOTIFY_ON} wants its outcome.
     *
     * @return the SNS message ID, or empty when nothing was published
     */
    @Override
    public Optional<String> announce(AccountResult result, Organization organization) {
        Optional<String> topicArn = config.notificationTopicArn();
        if (!wouldAnnounce(result.outcome())) {
            return Optional.empty();
        }
        return Optional.of(send(topicArn.get(), fitting(ResultWords.of(result), organization,
                templatesFor(List.of(result.outcome())))));
    }

    /**
     * Publishes the one digest of a run, after writing its complete report to the bucket (when there is one), which
     * the digest links. Nothing is published without a topic, or when there is nothing to announce (an unchanged
     * organization tells no one).
     */
    @Override
    public Optional<String> announceDigest(RunDigest digest) {
        Optional<String> topicArn = config.notificationTopicArn();
        if (topicArn.isEmpty() || digest.announced().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> templatesUnavailable = templatesFor(digest.announced().stream()
                .map(AccountResult::outcome).toList());
        Optional<ReportLocation> report = artifacts.map(store -> {
            String bucket = config.artifactBucket().orElseThrow();
            String key = Digest.reportKey(digest.runId());
            store.put(key, Digest.report(digest, config, templatesUnavailable).getBytes(StandardCharsets.UTF_8),
                    "text/plain; charset=utf-8");
            return new ReportLocation(ArtifactLocations.s3Uri(bucket, key),
                    ArtifactLocations.consoleUrl(digest.organization(), config.region(), bucket, key));
        });
        return Optional.of(send(topicArn.get(), Digest.render(digest, config, report, templatesUnavailable)));
    }

    /**
     * Puts the member-account templates into the bucket when a message about these outcomes will link to them.
     *
     * @return why they are not there, when that failed
     */
    private Optional<String> templatesFor(List<Outcome> outcomes) {
        if (templates.isEmpty() || outcomes.stream().noneMatch(OneClickFix::applies)) {
            return Optional.empty();
        }
        return templates.get().ensure();
    }

    private String send(String topicArn, Notification notification) {
        PublishRequest request = PublishRequest.builder()
                .topicArn(topicArn)
                .subject(notification.subject())
                .messageStructure("json")
                .message(structuredMessage(notification))
                .messageAttributes(notification.attributes().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> MessageAttributeValue.builder()
                                .dataType("String").stringValue(entry.getValue()).build())))
                .build();
        return sns.get().publish(request).messageId();
    }

    /** The {@code MessageStructure=json} body: the e-mail text for people (default), the machine JSON for programs. */
    static String structuredMessage(Notification notification) {
        var message = new LinkedHashMap<String, Object>();
        message.put("default", notification.emailText());
        for (String protocol : MACHINE_PROTOCOLS) {
            message.put(protocol, notification.machineJson());
        }
        return Json.write(message);
    }

    /** What SNS counts against {@link #MAX_MESSAGE_BYTES}, plus the subject, to be safe. */
    static int size(Notification notification) {
        int size = utf8Length(structuredMessage(notification)) + utf8Length(notification.subject());
        for (Map.Entry<String, String> attribute : notification.attributes().entrySet()) {
            size += utf8Length(attribute.getKey()) + "String".length() + utf8Length(attribute.getValue());
        }
        return size;
    }

    /**
     * The notification for {@code result}, with its reason shortened as little as needed to fit SNS's size limit. The
     * reason is the only free text that can grow without bound in practice (it may carry a whole AWS error message);
     * should even an empty reason not fit, the name and actions are cut too rather than failing the invocation for
     * ever on a message that can never be sent.
     */
    private Notification fitting(ResultWords result, Organization organization, Optional<String> templatesUnavailable) {
        Function<ResultWords, Notification> render = r -> renderer.render(r, organization, config,
                templatesUnavailable);
        Notification full = render.apply(result);
        if (size(full) <= MAX_MESSAGE_BYTES) {
            return full;
        }
        String reason = result.reason() == null ? "" : result.reason();
        if (size(render.apply(result.withReason(shortened(reason, 0)))) > MAX_MESSAGE_BYTES) {
            return render.apply(lastResort(result));
        }
        // The longest reason prefix that fits, by bisection: each try is one render, and there are few.
        int fits = 0;
        int low = 1;
        int high = reason.length() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (size(render.apply(result.withReason(shortened(reason, middle)))) <= MAX_MESSAGE_BYTES) {
                fits = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return render.apply(result.withReason(shortened(reason, fits)));
    }

    static String shortened(String reason, int length) {
        return PlainText.prefix(reason, length) + " ... [reason truncated to fit the SNS message size limit;"
                + " " + reason.length() + " characters in full]";
    }

    private static ResultWords lastResort(ResultWords result) {
        String reason = cap(result.reason());
        return new ResultWords(cap(result.accountId()), cap(result.accountName()), cap(result.joinedMethod()),
                result.outcome(),
                reason.length() < LAST_RESORT_TEXT_LENGTH ? reason : shortened(reason, LAST_RESORT_TEXT_LENGTH),
                result.bootstrapRole().map(Notifier::cap),
                result.actions().stream().limit(LAST_RESORT_ACTIONS).map(Notifier::cap).toList(),
                result.notificationMessageId());
    }

    private static String cap(String text) {
        return text == null ? "" : PlainText.prefix(text, LAST_RESORT_TEXT_LENGTH);
    }

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
