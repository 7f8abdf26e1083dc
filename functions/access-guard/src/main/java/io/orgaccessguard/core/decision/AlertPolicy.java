package io.orgaccessguard.core.decision;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.StatusRecord;

import io.orgaccessguard.core.model.NotifyOn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a result is worth a message now, given what was recorded before: people hear about a change of
 * status (access lost, a role created or repaired), not about an unchanged problem every time it is seen again,
 * except as a reminder at the configured interval.
 */
public final class AlertPolicy {

    private final NotifyOn notifyOn;
    private final Duration reminderInterval;

    /** @param reminderInterval how often a still-open problem is announced again; zero never reminds */
    public AlertPolicy(NotifyOn notifyOn, Duration reminderInterval) {
        this.notifyOn = notifyOn;
        this.reminderInterval = reminderInterval;
    }

    /** The decision for one result: whether to announce it, and the record to keep afterwards. */
    public Decision decide(AccountResult result, Optional<StatusRecord> previous, Instant now) {
        Optional<Outcome> change = StatusRecord.changeOf(result);
        // A change starts a new record (its announcement pending), unless it is the very change the previous record
        // still owes an announcement for.
        Optional<StatusRecord> next = StatusRecord.statusOf(result.outcome()).map(status -> previous
                .filter(record -> record.status().equals(status))
                .filter(record -> change.isEmpty() || record.owedChange().equals(change))
                .orElseGet(() -> new StatusRecord(status, now, previous.flatMap(StatusRecord::notifiedAt))));
        return new Decision(notifyOn.wants(result.outcome()) && due(result, previous, next, now), next,
                !next.equals(previous));
    }

    private boolean due(AccountResult result, Optional<StatusRecord> previous, Optional<StatusRecord> next,
                        Instant now) {
        if (next.isEmpty() || result.outcome().isChange()) {
            // Nothing lasting to compare (a failure, a dry run), or this run just changed the account.
            return true;
        }
        if (previous.isEmpty() || !previous.get().status().equals(next.get().status())) {
            return true;
        }
        if (!result.outcome().needsPerson()) {
            return false;
        }
        return next.get().announcementPending() || reminderDue(next.get(), now);
    }

    private boolean reminderDue(StatusRecord record, Instant now) {
        return !reminderInterval.isZero()
                && record.notifiedAt().map(at -> !now.isBefore(at.plus(reminderInterval))).orElse(true);
    }

    /**
     * @param announce whether people should hear about this result now
     * @param record what to record for the account (before any announcement), empty to record nothing
     * @param recordChanged whether {@code record} differs from what is recorded
     */
    public record Decision(boolean announce, Optional<StatusRecord> record, boolean recordChanged) {
    }
}
