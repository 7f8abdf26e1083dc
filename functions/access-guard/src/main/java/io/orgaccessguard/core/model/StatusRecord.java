package io.orgaccessguard.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The last access status recorded for an account, and when people were last told about it.
 *
 * @param status {@code ACCESS_VERIFIED} or the open problem's outcome name
 * @param since when the account entered this status
 * @param notifiedAt when a message last announced it; before {@code since} means the change is not announced yet
 * @param change a change this tool made at {@code since} ({@code ROLE_CREATED}, {@code ROLE_COMPLETED} or
 *     {@code TRUST_REPAIRED}) whose message could not be sent: recorded only then, so that the next run announces it
 *     (and a run still busy announcing its own change is never doubled by another). Empty otherwise.
 */
public record StatusRecord(String status, Instant since, Optional<Instant> notifiedAt, Optional<Outcome> change) {

    public StatusRecord(String status, Instant since, Optional<Instant> notifiedAt) {
        this(status, since, notifiedAt, Optional.empty());
    }

    /** The status an outcome leaves the account in; empty for outcomes that say nothing lasting. */
    public static Optional<String> statusOf(Outcome outcome) {
        return switch (outcome) {
            case ACCESS_VERIFIED, ROLE_CREATED, ROLE_COMPLETED, TRUST_REPAIRED -> Optional.of("ACCESS_VERIFIED");
            case ROLE_MISSING, TRUST_MISMATCH, ROLE_INCOMPLETE, ROLE_CREATED_UNVERIFIED, REPAIRED_UNVERIFIED,
                 ACCESS_RESTRICTED, ACCESS_UNDETERMINED, POLICY_MISSING ->
                    Optional.of(outcome.name());
            case SKIPPED, FAILED, WOULD_CREATE, WOULD_REPAIR -> Optional.empty();
        };
    }

    /**
     * The change a result reports, as it reads once the role is seen to work: a role created but not yet verified is
     * still a role created. Empty for results that changed nothing.
     */
    public static Optional<Outcome> changeOf(AccountResult result) {
        return switch (result.outcome()) {
            case ROLE_CREATED, ROLE_CREATED_UNVERIFIED -> Optional.of(Outcome.ROLE_CREATED);
            case ROLE_COMPLETED, TRUST_REPAIRED -> Optional.of(result.outcome());
            case REPAIRED_UNVERIFIED -> Optional.of(result.actions().stream()
                    .anyMatch(action -> action instanceof Action.TrustUpdated)
                    ? Outcome.TRUST_REPAIRED : Outcome.ROLE_COMPLETED);
            default -> Optional.empty();
        };
    }

    /** Whether the announcement of the current status is still owed. */
    public boolean announcementPending() {
        return notifiedAt.map(notified -> notified.isBefore(since)).orElse(true);
    }

    /** The change this tool made whose announcement is still owed (its message could not be sent), if any. */
    public Optional<Outcome> owedChange() {
        return change.filter(made -> announcementPending());
    }

    public StatusRecord notified(Instant when) {
        return new StatusRecord(status, since, Optional.of(when), change);
    }

    /** This record, owing the announcement of {@code made}. */
    public StatusRecord owing(Outcome made) {
        return new StatusRecord(status, since, notifiedAt, Optional.of(made));
    }
}
