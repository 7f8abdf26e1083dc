package io.orgaccessguard.notify;

import java.util.Map;

/**
 * One rendered notification, ready for SNS.
 *
 * @param subject one ASCII line of at most {@value SubjectLine#MAX_LENGTH} characters (the e-mail subject)
 * @param emailText plain text for people; the account name in it is sanitised
 * @param machineJson the result as one JSON object, for queues, functions and webhooks
 * @param attributes SNS message attributes (all of data type {@code String}) for subscription filter policies
 */
public record Notification(String subject, String emailText, String machineJson, Map<String, String> attributes) {

    public Notification {
        attributes = Map.copyOf(attributes);
    }
}
