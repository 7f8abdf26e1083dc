package io.orgaccessguard.metrics;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.RunTotals;
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
     * policy, restricted or not: a restricted account is counted on its own by its outcome, and entered all the same).
     * A dry run's {@code WOULD_REPAIR} is not among them: the repair may be the trust.
     */
    public static final Set<Outcome> ENTERABLE = Collections.unmodifiableSet(EnumSet.of(Outcome.ACCESS_VERIFIED,
            Outcome.ROLE_CREATED, Outcome.ROLE_COMPLETED, Outcome.TRUST_REPAIRED, Outcome.ROLE_INCOMPLETE,
            Outcome.ACCESS_RESTRICTED, Outcome.ACCESS_UNDETERMINED));

    public RunMetrics {
        var complete = new EnumMap<Outcome, Integer>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            complete.put(outcome, accountsByOutcome.getOrDefault(outcome, 0));
        }
        accountsByOutcome = Collections.unmodifiableMap(complete);
    }

    /** The numbers of a run that produced {@code results}. */
    public static RunMetrics of(RunKind kind, List<AccountResult> results, Duration runDuration, Instant finishedAt) {
        return of(kind, RunReport.counts(results), RunTotals.rolesCreated(results), runDuration, finishedAt);
    }

    /** The numbers of a run that spanned invocations, from its totals. */
    public static RunMetrics of(RunKind kind, RunTotals totals, Instant finishedAt) {
        return of(kind, totals.counts(), totals.rolesCreated(), totals.duration(), finishedAt);
    }

    private static RunMetrics of(RunKind kind, Map<Outcome, Integer> byOutcome, int rolesCreated,
                                 Duration runDuration, Instant finishedAt) {
        int withoutAccess = byOutcome.entrySet().stream()
                .filter(entry -> entry.getKey() != Outcome.SKIPPED && !ENTERABLE.contains(entry.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        return new RunMetrics(kind, byOutcome, withoutAccess, rolesCreated, runDuration, finishedAt);
    }

    /** Accounts this run checked and acted on or reported (every outcome but {@link Outcome#SKIPPED}). */
    public int accountsChecked() {
        return accountsByOutcome.entrySet().stream().filter(entry -> entry.getKey() != Outcome.SKIPPED)
                .mapToInt(Map.Entry::getValue).sum();
    }
}
