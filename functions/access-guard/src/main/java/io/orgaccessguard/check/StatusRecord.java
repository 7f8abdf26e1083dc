package io.orgaccessguard.check;

import java.time.Instant;
import java.util.Optional;

/**
 * The last access status recorded for an account, and when people were last told about it.
 *
 * @param status {@code ACCESS_VERIFIED} or the open problem's outcome name
 * @param since when the account entered this status
 * @param notifiedAt when a message last announced it; before {@code since} means the change is not announced yet
 */
public record StatusRecord(String status, Instant since, Optional<Instant> notifiedAt) {

    /** The status an outcome leaves the account in; empty for outcomes that say nothing lasting. */
    public static Optional<String> statusOf(Outcome outcome) {
        return switch (outcome) {
            case ACCESS_VERIFIED, ROLE_CREATED, ROLE_COMPLETED, TRUST_REPAIRED -> Optional.of("ACCESS_VERIFIED");
            case ROLE_MISSING, TRUST_MISMATCH, ROLE_INCOMPLETE, ROLE_CREATED_UNVERIFIED, REPAIRED_UNVERIFIED ->
                    Optional.of(outcome.name());
            case SKIPPED, FAILED, WOULD_CREATE, WOULD_REPAIR -> Optional.empty();
        };
    }

    /** Whether the announcement of the current status is still owed. */
    public boolean announcementPending() {
        return notifiedAt.map(notified -> notified.isBefore(since)).orElse(true);
    }

    public StatusRecord notified(Instant when) {
        return new StatusRecord(status, since, Optional.of(when));
    }
}
