package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.RunPlan;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.RunReport.RunUnderWay;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.port.RunStore.Staged;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every run over many accounts (the scheduled reconcile, a manual run over every account or an OU): each account
 * checked once, over as many invocations as it takes, and one digest at the end. The run's progress is the
 * {@link RunStore}'s, under a lease, so an invocation that times out, is throttled to a standstill or crashes is resumed
 * by the next one from the last checkpoint, never from the top. There is one run at a time: the continue schedule
 * resumes whichever is under way, and so does a request for the same scope; a request for another scope is refused,
 * naming the run under way.
 */
final class ResumableRun {

    private final RunStore runs;
    private final TargetResolver resolver;
    private final AccountWork work;
    private final AnnouncementLedger ledger;
    private final AccountPool pool;
    private final DirectoryRefresh directoryRefresh;
    private final Clock clock;

    ResumableRun(RunStore runs, TargetResolver resolver, AccountWork work, AnnouncementLedger ledger, AccountPool pool,
                 DirectoryRefresh directoryRefresh, Clock clock) {
        this.runs = runs;
        this.resolver = resolver;
        this.work = work;
        this.ledger = ledger;
        this.pool = pool;
        this.directoryRefresh = directoryRefresh;
        this.clock = clock;
    }

    /** What a schedule asks: START begins a run (or resumes the one under way), CONTINUE only resumes. */
    RunReport scheduled(Phase phase, RunPlan scheduledPlan, Organization organization, RunLog log, Deadline deadline,
                        Duration remaining) {
        Optional<ReconcileRun> current = runs.current();
        if (current.filter(run -> !run.finished()).isPresent()) {
            return resume(current.get(), organization, log, deadline, remaining);
        }
        if (phase == Phase.CONTINUE) {
            return note(log, "no run to continue"
                    + current.map(last -> ": the last one, " + last.runId() + ", is finished").orElse(""));
        }
        return start(scheduledPlan, current, organization, log, deadline, remaining);
    }

    /**
     * What a person asks: a run over {@code plan}'s scope. The run under way for the same scope is continued (with the
     * plan it started with); one for another scope is left alone, and the request refused, naming it.
     */
    RunReport requested(RunPlan plan, Organization organization, RunLog log, Deadline deadline, Duration remaining) {
        Optional<ReconcileRun> current = runs.current();
        if (current.filter(run -> !run.finished()).isEmpty()) {
            return start(plan, current, organization, log, deadline, remaining);
        }
        ReconcileRun underWay = current.get();
        if (!underWay.plan().scope().equals(plan.scope())) {
            return refused(log, underWay, "run " + underWay.runId() + " over " + underWay.plan().describe()
                    + " is under way (" + underWay.checked() + " account(s) checked); one run at a time: it is"
                    + " finished first (the continue schedule resumes it, and so does {\"reconcile\": \"continue\"})");
        }
        return resume(underWay, organization, log, deadline, remaining);
    }

    private RunReport start(RunPlan plan, Optional<ReconcileRun> last, Organization organization, RunLog log,
                            Deadline deadline, Duration remaining) {
        Instant now = clock.instant();
        // When it started, for people and for the expiry of its items; and its own, should two start in one instant.
        String runId = now + "_" + UUID.randomUUID().toString().substring(0, 8);
        ReconcileRun run = ReconcileRun.started(runId, plan, now, last.map(ReconcileRun::version).orElse(0L));
        log.note("run " + run.runId() + " over " + plan.describe() + " started");
        return take(run, last.map(ReconcileRun::version).orElse(0L), List.of(), organization, log, deadline,
                remaining);
    }

    private RunReport resume(ReconcileRun run, Organization organization, RunLog log, Deadline deadline,
                             Duration remaining) {
        String owner = UUID.randomUUID().toString();
        if (run.leasedToAnother(owner, clock.instant())) {
            return refused(log, run, "run " + run.runId() + " over " + run.plan().describe()
                    + " is being continued by another invocation until " + run.leaseUntil().orElseThrow());
        }
        List<MemberAccount> savedList = runs.accounts(run.runId());
        // An invocation that never let its lease go died: what it did after the last checkpoint is not staged, and a
        // role it created there would otherwise be found working and never announced.
        ReconcileRun resumed = run.abandoned() ? run.tracingBefore(savedList.size()) : run;
        return take(resumed, run.version(), savedList, organization, log, deadline, remaining);
    }

    private RunReport take(ReconcileRun run, long expectedVersion, List<MemberAccount> savedList,
                           Organization organization, RunLog log, Deadline deadline, Duration remaining) {
        String owner = UUID.randomUUID().toString();
        ReconcileRun leased = run.leasedTo(owner, clock.instant().plus(remaining));
        if (!runs.save(leased, expectedVersion)) {
            return note(log, "run " + run.runId() + " was taken by another invocation");
        }
        return work(leased, savedList, organization, log, deadline);
    }

    private RunReport work(ReconcileRun leased, List<MemberAccount> savedList, Organization organization, RunLog log,
                           Deadline deadline) {
        var options = RunOptions.forRequest(leased.plan().dryRun(), leased.plan().notifyMode());
        var progress = new RunProgress(leased, savedList, resolver, runs, ledger, options, log, deadline);
        // The run's list is produced (walked once; what is saved is queued) while the accounts already queued are
        // checked: Organizations' paging and the checks' AssumeRole and IAM calls are bound by different limits, so
        // neither waits for the other.
        Thread listing = Thread.ofPlatform().daemon().name("listing").start(progress::list);
        List<Settled> done;
        try {
            done = pool.run(progress.targets(), target -> progress.completed(work.settle(target, organization,
                    options, log, progress::recorded, progress.mayHaveBeenLost(target.accountId()))), deadline);
        } catch (RuntimeException e) {
            progress.stopListing();
            joinQuietly(listing);
            letGoAfterFailure(progress, e);
            throw e;
        }
        progress.checksEnded();
        joinQuietly(listing);
        progress.flush();
        ReconcileRun run = progress.run();
        List<AccountResult> results = done.stream().map(Settled::result).toList();
        if (progress.lost()) {
            return new RunReport(results, Optional.of("run " + run.runId() + " was taken by another invocation;"
                    + " stopped after " + results.size() + " account(s)"), Optional.empty());
        }
        Optional<RuntimeException> listingFailure = progress.listingFailure();
        if (listingFailure.isPresent()) {
            // Checked accounts are saved; the run is let go so that the retry of this invocation resumes it at once.
            runs.save(run.released(), run.version());
            throw listingFailure.get();
        }
        if (!run.checkedAll()) {
            runs.save(run.released(), run.version());
            String note = "run " + run.runId() + ": " + run.checked() + " of "
                    + (run.listed() ? run.accounts() + " account(s)" : progress.listSize() + " account(s) listed so far")
                    + " checked; the continue schedule resumes after " + run.lastAccountId().orElse("none");
            log.note(note);
            return new RunReport(results, Optional.of(note), Optional.of(underWay(run, progress.listSize())))
                    .in(organization);
        }
        return finish(run, organization, options, log, results);
    }

    /**
     * An invocation that fails (an alert that cannot be sent, a defect) saves what it completed and lets the run go,
     * so that the retry resumes it at once; what it did past the last checkpoint is not staged, so the roles found
     * working there are asked who made them.
     */
    private void letGoAfterFailure(RunProgress progress, RuntimeException failure) {
        try {
            progress.flush();
            ReconcileRun run = progress.run();
            if (!progress.lost()) {
                runs.save(run.released().tracingBefore(progress.listSize()), run.version());
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The run's one digest, then its announced accounts recorded once, as told, then the access directory. */
    private RunReport finish(ReconcileRun run, Organization organization, RunOptions options, RunLog log,
                             List<AccountResult> checked) {
        List<Staged> staged = runs.staged(run.runId());
        Optional<String> messageId;
        try {
            messageId = ledger.announceDigest(run.runId(), staged, run.counts(), run.checked(), organization, options,
                    log);
        } catch (RuntimeException e) {
            // Everything is staged: the retry (or the continue schedule) sends the digest, at once.
            runs.save(run.released(), run.version());
            throw e;
        }
        Set<String> announced = staged.stream().map(s -> s.result().accountId()).collect(Collectors.toSet());
        List<AccountResult> results = messageId.map(id -> checked.stream().map(result -> announced.contains(
                result.accountId()) ? result.withNotification(id) : result).toList()).orElse(checked);
        runs.save(run.withDigestSent(), run.version());
        if (run.plan().wholeOrganization()) {
            directoryRefresh.after(runs.accounts(run.runId()), organization, options, log);
        }
        String note = "run " + run.runId() + " finished: " + run.checked() + " account(s) checked, "
                + run.counts() + messageId.map(id -> "; digest " + id).orElse("; no digest");
        log.note(note);
        return new RunReport(results, Optional.of(note), Optional.empty()).in(organization)
                .finishing(run.totals(clock.instant()));
    }

    private static RunUnderWay underWay(ReconcileRun run, int listSize) {
        return new RunUnderWay(run.runId(), run.plan().describe(), run.checked(),
                run.listed() ? run.accounts() : listSize, run.listed());
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static RunReport refused(RunLog log, ReconcileRun underWay, String note) {
        log.note(note);
        return new RunReport(List.of(), Optional.of(note), Optional.of(underWay(underWay, underWay.accounts())));
    }

    private static RunReport note(RunLog log, String note) {
        log.note(note);
        return new RunReport(List.of(), Optional.of(note), Optional.empty());
    }
}
