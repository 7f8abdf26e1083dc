package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EventBridge envelope as {@code aws-lambda-java-events} types it ({@link ScheduledEvent}, the library's type for
 * any EventBridge event), made from the payload the handler read as a JSON tree: the handler keeps the raw stream as
 * its input, so that a payload of any shape is skipped with a reason of ours rather than failing in the runtime's
 * deserialiser. The type stops here: the CloudTrail {@code detail} goes on to the project's own parser as a JSON tree.
 *
 * <p>The envelope's fields are those of
 * https://docs.aws.amazon.com/eventbridge/latest/ref/overiew-event-structure.html: {@code version}, {@code id},
 * {@code detail-type}, {@code source}, {@code account}, {@code time}, {@code region}, {@code resources},
 * {@code detail}. All but {@code time} are set: the type holds it as a joda-time {@code DateTime}, whose first use
 * loads 63 classes of joda-time (about 40 ms of a cold start on a busy 2-core machine, measured), for a value the
 * parser needs only when the CloudTrail detail has no {@code eventTime}; {@link #time(Object)} reads it instead.
 */
final class EventBridgeEvent {

    private EventBridgeEvent() {
    }

    /**
     * The event, or empty when the payload is no object with an object {@code detail}: then the type cannot hold it,
     * and the parser says what it is instead.
     */
    @SuppressWarnings("unchecked")
    static Optional<ScheduledEvent> of(Object payload) {
        if (!(payload instanceof Map<?, ?> envelope) || !(envelope.get("detail") instanceof Map<?, ?> detail)) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledEvent()
                .withVersion(text(envelope, "version"))
                .withId(text(envelope, "id"))
                .withDetailType(text(envelope, "detail-type"))
                .withSource(text(envelope, "source"))
                .withAccount(text(envelope, "account"))
                .withRegion(text(envelope, "region"))
                .withResources(envelope.get("resources") instanceof List<?> resources
                        ? resources.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                        : null)
                .withDetail((Map<String, Object>) detail));
    }

    /** The envelope's {@code time}, when it is one: EventBridge writes ISO 8601 UTC. */
    static Optional<Instant> time(Object payload) {
        if (!(payload instanceof Map<?, ?> envelope) || !(envelope.get("time") instanceof String text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(Map<?, ?> envelope, String key) {
        return envelope.get(key) instanceof String value ? value : null;
    }
}
