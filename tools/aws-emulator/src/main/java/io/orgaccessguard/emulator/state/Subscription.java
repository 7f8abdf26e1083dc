package io.orgaccessguard.emulator.state;

/** An SNS subscription; email-type subscriptions stay pending confirmation. */
public record Subscription(String arn, String topicArn, String protocol, String endpoint, String owner,
                           boolean pendingConfirmation) {
}
