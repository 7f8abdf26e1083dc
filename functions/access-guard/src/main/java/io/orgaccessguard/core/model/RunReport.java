package io.orgaccessguard.core.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one invocation did: a result per account, a note when the run itself is worth explaining (a skipped event, a
 * reconcile instead of a named account), and how to continue when time ran out.
 */
public record RunReport(List<AccountResult> results, Optional<String> note, Optional<Continuation> continuation) {

    public RunReport {
        results = List.copyOf(results);
    }

    public static RunReport skipped(String reason) {
        return new RunReport(List.of(), Optional.of(reason), Optional.empty());
    }

    public List<AccountResult> failures() {
        return results.stream().filter(result -> result.outcome() == Outcome.FAILED).toList();
    }

    public static Map<Outcome, Integer> counts(List<AccountResult> results) {
        var counts = new EnumMap<Outcome, Integer>(Outcome.class);
        results.forEach(result -> counts.merge(result.outcome(), 1, Integer::sum));
        return counts;
    }

    /** @param cursor pass it back with the same selection to continue exactly where this run stopped */
    public record Continuation(String cursor, int accountsRemaining) {
    }
}
