package io.orgaccessguard.core.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one invocation did: a result per account, a note when the run itself is worth explaining (a skipped event, a
 * reconcile instead of a named account), and what is left when time ran out.
 *
 * @param organization the organization the results are about, when the run got as far as describing it
 * @param finishedRun the whole run's numbers, when this invocation ended a run that spanned invocations
 */
public record RunReport(List<AccountResult> results, Optional<String> note, Optional<Continuation> continuation,
                        Optional<Organization> organization, Optional<RunTotals> finishedRun) {

    public RunReport {
        results = List.copyOf(results);
    }

    public RunReport(List<AccountResult> results, Optional<String> note, Optional<Continuation> continuation) {
        this(results, note, continuation, Optional.empty(), Optional.empty());
    }

    /** The same report, saying which organization it is about (for what is rendered from its results). */
    public RunReport in(Organization about) {
        return new RunReport(results, note, continuation, Optional.of(about), finishedRun);
    }

    /** The same report, from the invocation that ended a run spanning invocations, with the whole run's numbers. */
    public RunReport finishing(RunTotals totals) {
        return new RunReport(results, note, continuation, organization, Optional.of(totals));
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

    /** What is left of a run that stopped for time (or that another invocation is working on). */
    public sealed interface Continuation {
    }

    /**
     * A stored run is under way: the continue schedule resumes it, and so does {@code {"reconcile": "continue"}}.
     *
     * @param accounts how many accounts it covers (so far, until {@code listedAll})
     */
    public record RunUnderWay(String runId, String covers, int checked, int accounts, boolean listedAll)
            implements Continuation {
    }

    /** Accounts of a list that the invocation had no time to start: ask for them again. */
    public record AccountsNotStarted(List<String> accountIds) implements Continuation {
        public AccountsNotStarted {
            accountIds = List.copyOf(accountIds);
        }
    }
}
