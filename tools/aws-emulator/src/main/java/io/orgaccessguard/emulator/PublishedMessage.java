package io.orgaccessguard.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * A message accepted by SNS Publish.
 *
 * @param subject null when none was sent
 * @param messageStructure null, or {@code json}
 * @param attributes message attribute name to its string value (Binary values base64, as sent)
 */
public record PublishedMessage(String topicArn, String subject, String message, String messageStructure,
                               Map<String, String> attributes, Map<String, String> attributeTypes, String messageId,
                               String callerArn, Instant time) {

    public PublishedMessage {
        attributes = Map.copyOf(attributes);
        attributeTypes = Map.copyOf(attributeTypes);
    }
}
