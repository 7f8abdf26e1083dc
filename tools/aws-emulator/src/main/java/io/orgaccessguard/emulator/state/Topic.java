package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.policy.PolicyDocument;
import java.time.Instant;

/**
 * An SNS topic.
 *
 * @param policy the topic's access policy; null means SNS's default policy (only the owner account)
 */
public record Topic(String arn, String name, String accountId, String region, PolicyDocument policy,
                    Instant createdAt) {
}
