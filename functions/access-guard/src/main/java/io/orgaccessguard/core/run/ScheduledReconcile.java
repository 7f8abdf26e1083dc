package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The scheduled reconcile: every account of the organization, over as many invocations as it takes, each account
 * checked once, and one digest at the end. The schedule that starts runs and the one that continues them are
 * EventBridge's; the run's progress is the {@link RunStore}'s, under a lease, so an invocation that times out, is
 * throttled to a standstill or crashes is resumed by the next one from the last checkpoint, never from the top.
 */
final class ScheduledReconcile {

    private final OrganizationDirectory directory;
    private final RunStore runs;
    private final Announcer announcer;
    private final AnnouncementLedger ledger;
    private final AccountPool pool;
    private final DirectoryRefresh directoryRefresh;
    private final Clock clock;

    ScheduledReconcile(OrganizationDirectory directory, RunStore runs, Announcer announcer, AnnouncementLedger ledger,
                       AccountPool pool, DirectoryRefresh directoryRefresh, Clock clock) {
        this.directory = directory;
        this.runs = runs;
        this.announcer = announcer;
        this.ledger = ledger;
        this.pool = pool;
        this.directoryRefresh = directoryRefresh;
        this.clock = clock;
    }

    /** Given what is recorded for the accounts, how to check and settle one. */
    interface CheckGivenRecords {
        Function<Target, Settled> with(Function<String, Optional<StatusRecord>> recorded);
    }

    RunReport run(ScheduledRun request, Organization organization, RunOptions options, RunLog log, Deadline deadline,
                  Duration remaining, CheckGivenRecords check) {
        String owner = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<ReconcileRun> current = runs.current();
        ReconcileRun run;
        if (current.isEmpty() || current.get().finished()) {
            if (request.phase() == Phase.CONTINUE) {
                return note(log, "no scheduled run to continue"
                        + current.map(last -> ": the last one, " + last.runId() + ", is finished").orElse(""));
            }
            run = ReconcileRun.started(now.toString(), now, current.map(ReconcileRun::version).orElse(0L));
            log.note("scheduled run " + run.runId() + " started");
        } else {
            run = current.get();
            if (run.leasedToAnother(owner, now)) {
                return note(log, "scheduled run " + run.runId() + " is being continued by another invocation until "
                        + run.leaseUntil().orElseThrow());
            }
        }
        ReconcileRun leased = run.leasedTo(owner, now.plus(remaining));
        if (!runs.save(leased, current.map(ReconcileRun::version).orElse(0L))) {
            return note(log, "scheduled run " + run.runId() + " was taken by another invocation");
        }
        var progress = new RunProgress(leased, runs.accounts(leased.runId()), directory, runs, announcer, ledger, options,
                log, deadline);
        // The organization is listed (walked once, with OU paths: the directory the run ends with needs them, and
        // they cost no more pages) while the accounts already listed are checked: Organizations' paging and the
        // checks' AssumeRole and IAM calls are bound by different limits, so neither waits for the other.
        Thread listing = Thread.ofPlatform().daemon().name("listing").start(progress::listTheRest);
        Function<Target, Settled> checkOne = check.with(progress::recorded);
        List<Settled> done;
        try {
            done = pool.run(progress.targets(), target -> progress.completed(checkOne.apply(target)), deadline);
        } catch (RuntimeException e) {
            progress.stopListing();
            joinQuietly(listing);
            throw e;
        }
        // When the checks stop for time, the listing goes on while a page fits: what it saves, the next invocation
        // need not list again.
        progress.checksEnded();
        joinQuietly(listing);
        progress.flush();
        run = progress.run();
        List<AccountResult> results = done.stream().map(Settled::result).toList();
        if (progress.lost()) {
            return new RunReport(results, Optional.of("scheduled run " + run.runId() + " was taken by another"
                    + " invocation; stopped after " + results.size() + " account(s)"), Optional.empty());
        }
        Optional<RuntimeException> listingFailure = progress.listingFailure();
        if (listingFailure.isPresent()) {
            // Checked accounts are saved; the run is let go so that the retry of this invocation resumes it at once.
            runs.save(run.released(), run.version());
            throw listingFailure.get();
        }
        if (!run.checkedAll()) {
            ReconcileRun released = run.released();
            runs.save(released, run.version());
            String note = "scheduled run " + run.runId() + ": " + run.checked() + " of "
                    + (run.listed() ? run.accounts() + " account(s)" : progress.listSize() + " account(s) listed so far")
                    + " checked; the continue schedule resumes after " + run.lastAccountId().orElse("none");
            log.note(note);
            return new RunReport(results, Optional.of(note), Optional.empty());
        }
        return finish(run, organization, options, log, results);
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

    /** The run's one digest, then its announced accounts recorded once, as told, then the access directory. */
    private RunReport finish(ReconcileRun run, Organization organization, RunOptions options, RunLog log,
                             List<AccountResult> results) {
        Optional<String> messageId = options.notifyMode() == NotifyMode.NONE ? Optional.empty()
                : announcer.announceStaged(run.runId(), run.counts(), run.checked(), organization);
        if (!options.dryRun()) {
            ledger.recordAfterDigest(runs.pending(run.runId()), messageId.map(id -> clock.instant()), log);
        }
        runs.save(run.withDigestSent(), run.version());
        directoryRefresh.after(runs.accounts(run.runId()), organization, options, log);
        String note = "scheduled run " + run.runId() + " finished: " + run.checked() + " account(s) checked, "
                + run.counts() + messageId.map(id -> "; digest " + id).orElse("; nothing to announce");
        log.note(note);
        return new RunReport(results, Optional.of(note), Optional.empty()).in(organization)
                .finishing(run.totals(clock.instant()));
    }

    private static RunReport note(RunLog log, String note) {
        log.note(note);
        return new RunReport(List.of(), Optional.of(note), Optional.empty());
    }
}
