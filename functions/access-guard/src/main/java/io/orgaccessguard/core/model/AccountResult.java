package io.orgaccessguard.core.model;

import java.util.List;
import java.util.Optional;

/**
 * The result of checking one account: what the log line, the invocation response and the notification are made of.
 *
 * @param accountName the name Organizations gives, empty when the account could not be described
 * @param joinedMethod {@code INVITED}, {@code CREATED}, or empty when unknown
 * @param bootstrapRole the bootstrap role used, empty when none was
 * @param actions what this run changed in the member account, in order (empty for read-only outcomes)
 * @param notificationMessageId the SNS message ID when a notification was published
 */
public record AccountResult(String accountId, String accountName, String joinedMethod, Outcome outcome,
                            Reason reason, Optional<String> bootstrapRole, List<Action> actions,
                            Optional<String> notificationMessageId) {

    public AccountResult {
        actions = List.copyOf(actions);
    }

    public static AccountResult of(MemberAccount account, Outcome outcome, Reason reason) {
        return new AccountResult(account.id(), account.name(), account.joinedMethod(), outcome, reason,
                Optional.empty(), List.of(), Optional.empty());
    }

    public static AccountResult unknownAccount(String accountId, Outcome outcome, Reason reason) {
        return new AccountResult(accountId, "", "", outcome, reason, Optional.empty(), List.of(), Optional.empty());
    }

    public AccountResult withChanges(Optional<String> roleName, List<Action> actionsTaken) {
        return new AccountResult(accountId, accountName, joinedMethod, outcome, reason, roleName, actionsTaken,
                notificationMessageId);
    }

    /** The same account and actions with another outcome and reason. */
    public AccountResult withOutcome(Outcome newOutcome, Reason newReason) {
        return new AccountResult(accountId, accountName, joinedMethod, newOutcome, newReason, bootstrapRole, actions,
                notificationMessageId);
    }

    public AccountResult withNotification(String messageId) {
        return new AccountResult(accountId, accountName, joinedMethod, outcome, reason, bootstrapRole, actions,
                Optional.of(messageId));
    }
}
