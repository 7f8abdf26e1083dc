package io.orgaccessguard.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run over many accounts (the scheduled reconcile, a manual run over every account or an OU), which may take more
 * than one invocation: the accounts it covers are listed once, as it starts, and saved in the order the listing found
 * them, while the first ones are already being checked; it goes through them in that order. Whatever invocation holds
 * the lease continues after the first {@code checked} of them; one that dies leaves the lease to run out, and the next
 * one resumes (listing what the dead one had not saved yet, if it died while listing).
 *
 * @param plan what the run covers and how it treats its results
 * @param accounts how many accounts the run covers (so far, until {@code listed})
 * @param listed every account the run covers is in its saved list
 * @param lastAccountId the last account checked, for people; empty before the first
 * @param checked how many accounts of the run's list, from its start, are checked: where the run continues
 * @param counts outcomes so far, for the one digest at the end
 * @param rolesCreated access roles created so far, for the run's metrics
 * @param checkedAll every account is checked; what remains is the digest
 * @param digestSent the run's one digest is out (or there was nothing to announce): the run is over
 * @param tracedBefore accounts of the list before this position (and after {@code checked}) may have been worked on
 *     by an invocation that died before it could stage them: a role found working there is asked who created it
 * @param version bumped by every save; a save expecting another version is refused, so two invocations never both
 *     advance the run
 */
public record ReconcileRun(String runId, RunPlan plan, Instant startedAt, int accounts, boolean listed,
                           Optional<String> lastAccountId,
                           Map<Outcome, Integer> counts, int rolesCreated, int checked, boolean checkedAll,
                           boolean digestSent, int tracedBefore,
                           Optional<String> leaseOwner, Optional<Instant> leaseUntil, long version) {

    public ReconcileRun {
        var copy = new EnumMap<Outcome, Integer>(Outcome.class);
        copy.putAll(counts);
        counts = Map.copyOf(copy);
    }

    /** A run whose accounts are yet to be listed. */
    public static ReconcileRun started(String runId, RunPlan plan, Instant at, long previousVersion) {
        return new ReconcileRun(runId, plan, at, 0, false, Optional.empty(), Map.of(), 0, 0, false, false, 0,
                Optional.empty(), Optional.empty(), previousVersion);
    }

    /** Every account the run covers is in its saved list: {@code accounts} of them. */
    public ReconcileRun listedAll(int accounts) {
        return new ReconcileRun(runId, plan, startedAt, accounts, true, lastAccountId, counts, rolesCreated, checked,
                checkedAll, digestSent, tracedBefore, leaseOwner, leaseUntil, version + 1);
    }

    public boolean finished() {
        return checkedAll && digestSent;
    }

    /** Another invocation holds the lease and its time is not up. */
    public boolean leasedToAnother(String owner, Instant now) {
        return leaseOwner.filter(holder -> !holder.equals(owner)).isPresent()
                && leaseUntil.map(now::isBefore).orElse(false);
    }

    /**
     * An invocation held the lease and never let it go: it died (a crash, a timeout) with work it may not have staged.
     */
    public boolean abandoned() {
        return leaseOwner.isPresent();
    }

    public ReconcileRun leasedTo(String owner, Instant until) {
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, lastAccountId, counts, rolesCreated, checked,
                checkedAll, digestSent, tracedBefore, Optional.of(owner), Optional.of(until), version + 1);
    }

    /** The same run, whose accounts before {@code position} are to be asked who created their role. */
    public ReconcileRun tracingBefore(int position) {
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, lastAccountId, counts, rolesCreated, checked,
                checkedAll, digestSent, Math.max(tracedBefore, position), leaseOwner, leaseUntil, version);
    }

    /** The run after {@code results} of more accounts, up to and including {@code last}. */
    public ReconcileRun advancedTo(String last, List<AccountResult> results, boolean all) {
        var sum = new EnumMap<Outcome, Integer>(Outcome.class);
        sum.putAll(counts);
        RunReport.counts(results).forEach((outcome, count) -> sum.merge(outcome, count, Integer::sum));
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, Optional.of(last), sum,
                rolesCreated + RunTotals.rolesCreated(results), checked + results.size(), all, digestSent,
                tracedBefore, leaseOwner, leaseUntil, version + 1);
    }

    public ReconcileRun withAllChecked() {
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, lastAccountId, counts, rolesCreated, checked,
                true, digestSent, tracedBefore, leaseOwner, leaseUntil, version + 1);
    }

    /** The digest is out: the run is over, and its lease let go. */
    public ReconcileRun withDigestSent() {
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, lastAccountId, counts, rolesCreated, checked,
                checkedAll, true, tracedBefore, Optional.empty(), Optional.empty(), version + 1);
    }

    /** The whole run's numbers, once it is over. */
    public RunTotals totals(Instant finishedAt) {
        return new RunTotals(counts, rolesCreated, Duration.between(startedAt, finishedAt));
    }

    /** Lets the lease go, so that the next invocation need not wait for it to run out. */
    public ReconcileRun released() {
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, lastAccountId, counts, rolesCreated, checked,
                checkedAll, digestSent, tracedBefore, Optional.empty(), Optional.empty(), version + 1);
    }
}
