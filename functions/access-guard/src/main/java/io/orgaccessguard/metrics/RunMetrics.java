package io.orgaccessguard.metrics;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The numbers of one run.
 *
 * @param accountsByOutcome how many accounts ended with each outcome; every outcome is present (0 when none did), so
 *     a graph of one outcome drops to 0 instead of stopping
 * @param accountsWithoutAccess accounts the management account cannot (or cannot yet be shown to) enter: every
 *     outcome but {@link #ENTERABLE} and {@link Outcome#SKIPPED}
 * @param rolesCreated access roles this run created
 * @param finishedAt the metrics' timestamp
 */
public record RunMetrics(RunKind kind, Map<Outcome, Integer> accountsByOutcome, int accountsWithoutAccess,
                         int rolesCreated, Duration runDuration, Instant finishedAt) {

    /**
     * The outcomes after which the management account can assume the access role (with or without every configured
     * policy). A dry run's {@code WOULD_REPAIR} is not among them: the repair may be the trust.
     */
    public static final Set<Outcome> ENTERABLE = Collections.unmodifiableSet(EnumSet.of(Outcome.ACCESS_VERIFIED,
            Outcome.ROLE_CREATED, Outcome.ROLE_COMPLETED, Outcome.TRUST_REPAIRED, Outcome.ROLE_INCOMPLETE));

    public RunMetrics {
        var complete = new EnumMap<Outcome, Integer>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            complete.put(outcome, accountsByOutcome.getOrDefault(outcome, 0));
        }
        accountsByOutcome = Collections.unmodifiableMap(complete);
    }

    /** The numbers of a run that produced {@code results}. */
    public static RunMetrics of(RunKind kind, List<AccountResult> results, Duration runDuration, Instant finishedAt) {
        var byOutcome = new EnumMap<Outcome, Integer>(Outcome.class);
        results.forEach(result -> byOutcome.merge(result.outcome(), 1, Integer::sum));
        int withoutAccess = (int) results.stream().map(AccountResult::outcome)
                .filter(outcome -> outcome != Outcome.SKIPPED && !ENTERABLE.contains(outcome)).count();
        int created = (int) results.stream().flatMap(result -> result.actions().stream())
                .filter(Action.RoleCreated.class::isInstance).count();
        return new RunMetrics(kind, byOutcome, withoutAccess, created, runDuration, finishedAt);
    }

    /** Accounts this run checked and acted on or reported (every outcome but {@link Outcome#SKIPPED}). */
    public int accountsChecked() {
        return accountsByOutcome.entrySet().stream().filter(entry -> entry.getKey() != Outcome.SKIPPED)
                .mapToInt(Map.Entry::getValue).sum();
    }
}
