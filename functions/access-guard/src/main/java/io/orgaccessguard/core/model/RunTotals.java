package io.orgaccessguard.core.model;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of a whole run that spanned invocations (the scheduled reconcile), once it is over.
 *
 * @param counts how many accounts ended with each outcome
 * @param rolesCreated access roles the run created
 * @param duration from the run's start to its end
 */
public record RunTotals(Map<Outcome, Integer> counts, int rolesCreated, Duration duration) {

    public RunTotals {
        var copy = new EnumMap<Outcome, Integer>(Outcome.class);
        copy.putAll(counts);
        counts = Map.copyOf(copy);
    }

    /** The access roles these results created (a role announced late was created by an earlier run). */
    public static int rolesCreated(List<AccountResult> results) {
        return (int) results.stream().flatMap(result -> result.actions().stream())
                .filter(Action.RoleCreated.class::isInstance).count();
    }
}
