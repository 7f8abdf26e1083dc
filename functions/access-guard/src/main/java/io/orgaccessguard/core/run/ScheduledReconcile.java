package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.MemberAccount;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The scheduled reconcile: every account of the organization, over as many invocations as it takes, each account
 * checked once, and one digest at the end. The schedule that starts runs and the one that continues them are
 * EventBridge's; the run's progress is the {@link RunStore}'s, under a lease, so an invocation that times out, is
 * throttled to a standstill or crashes is resumed by the next one from the last checkpoint, never from the top.
 */
final class ScheduledReconcile {

    /** Accounts between checkpoints: what a lost invocation may have to check again, idempotently. */
    static final int CHECKPOINT_EVERY = 200;
    /** How far the listing may run ahead of the checks: two parts, a second or more of checks at any concurrency. */
    static final int LISTED_AHEAD = 2 * CHECKPOINT_EVERY;

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
    interface ChunkCheck {
        Function<Target, Settled> with(Function<String, Optional<StatusRecord>> recorded);
    }

    RunReport run(ScheduledRun request, Organization organization, RunOptions options, RunLog log, Deadline deadline,
                  Duration remaining, ChunkCheck check) {
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
        var progress = new Progress(leased, runs.accounts(leased.runId()), options, log, deadline);
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

    /**
     * The run's progress within one invocation. The accounts to check are the run's saved list from where it stands,
     * then what the listing finds and saves (in parts of {@value #CHECKPOINT_EVERY}; what is not saved is never
     * checked, so a checkpoint never covers an account a later invocation could not find in the list). Results arrive
     * out of order, and a checkpoint is saved each time the prefix of accounts that are all done grows by
     * {@value #CHECKPOINT_EVERY}, staging what the digest will announce.
     */
    private final class Progress {
        private final RunOptions options;
        private final RunLog log;
        private final Deadline deadline;
        private final Set<String> inList = new HashSet<>();
        private final List<Target> targets = new ArrayList<>();
        private final List<Settled> done = new ArrayList<>();
        private final Map<String, Integer> positions = new HashMap<>();
        private final Map<String, Part> parts = new HashMap<>();
        private ReconcileRun run;
        private int listSize;
        private boolean listingOver;
        private volatile boolean stopListing;
        private int taken;
        private boolean checksEnded;
        private RuntimeException listingFailure;
        private int prefix;
        private int saved;
        private boolean lost;

        Progress(ReconcileRun run, List<MemberAccount> savedList, RunOptions options, RunLog log, Deadline deadline) {
            this.run = run;
            this.options = options;
            this.log = log;
            this.deadline = deadline;
            this.listSize = savedList.size();
            savedList.forEach(account -> inList.add(account.id()));
            List<MemberAccount> unchecked = savedList.subList(Math.min(run.checked(), savedList.size()),
                    savedList.size());
            for (int from = 0; from < unchecked.size(); from += CHECKPOINT_EVERY) {
                add(unchecked.subList(from, Math.min(from + CHECKPOINT_EVERY, unchecked.size())));
            }
            listingOver = run.listed();
        }

        /** On the listing thread: the accounts not yet in the run's list, saved and added in parts. */
        void listTheRest() {
            if (run.listed()) {
                return;
            }
            var found = new ArrayList<MemberAccount>();
            try {
                directory.walkAccountsWithOuPaths(page -> {
                    if (stopListing || !deadline.allowsAnotherPage()) {
                        throw new ListingStopped();
                    }
                    page.stream().filter(account -> inList.add(account.id())).forEach(found::add);
                    while (found.size() >= CHECKPOINT_EVERY) {
                        List<MemberAccount> part = found.subList(0, CHECKPOINT_EVERY);
                        saveAndAdd(List.copyOf(part));
                        part.clear();
                        awaitTheChecks();
                    }
                });
                if (!found.isEmpty()) {
                    saveAndAdd(List.copyOf(found));
                }
                listed();
            } catch (ListingStopped e) {
                endListing(savedWhatWasFound(found, null));
            } catch (RuntimeException e) {
                endListing(savedWhatWasFound(found, e));
            }
        }

        /** Saves (and adds) the accounts found since the last part, so that no page is paid for twice. */
        private RuntimeException savedWhatWasFound(List<MemberAccount> found, RuntimeException failure) {
            if (found.isEmpty()) {
                return failure;
            }
            try {
                saveAndAdd(List.copyOf(found));
                return failure;
            } catch (RuntimeException e) {
                if (failure == null) {
                    return e;
                }
                failure.addSuppressed(e);
                return failure;
            }
        }

        private void saveAndAdd(List<MemberAccount> part) {
            int from;
            synchronized (this) {
                from = listSize;
            }
            runs.saveAccounts(run.runId(), from, part);
            synchronized (this) {
                listSize += part.size();
                add(part);
                notifyAll();
            }
        }

        /**
         * Holds the listing while it is {@value #LISTED_AHEAD} accounts ahead of the checks: Organizations' rate is
         * shared by everything the organization runs, and a listing that only keeps ahead of the checks asks for
         * pages at their pace instead of as fast as it is let (measured: no throttled page in a run, where a listing
         * at full speed is throttled every few seconds). Once the checks have stopped, it goes on unheld.
         */
        private synchronized void awaitTheChecks() {
            while (targets.size() - taken > LISTED_AHEAD && !checksEnded && !stopListing
                    && deadline.allowsAnotherPage()) {
                try {
                    wait(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ListingStopped();
                }
            }
        }

        synchronized void checksEnded() {
            checksEnded = true;
            notifyAll();
        }

        private synchronized void add(List<MemberAccount> accounts) {
            var part = new Part(accounts.stream().map(MemberAccount::id).toList());
            for (MemberAccount account : accounts) {
                positions.put(account.id(), targets.size());
                parts.put(account.id(), part);
                targets.add(Target.of(account));
                done.add(null);
            }
        }

        private synchronized void listed() {
            log.note("scheduled run " + run.runId() + " listed " + listSize + " account(s)");
            if (!lost) {
                saveRun(run.listedAll(listSize));
            }
            endListing(null);
        }

        private synchronized void endListing(RuntimeException failure) {
            listingFailure = failure;
            listingOver = true;
            notifyAll();
        }

        void stopListing() {
            stopListing = true;
        }

        /** The accounts to check, as they become known: waits for the listing's next part while there may be one. */
        Iterator<Target> targets() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    synchronized (Progress.this) {
                        while (next >= targets.size() && !listingOver) {
                            if (!deadline.allowsAnotherAccount()) {
                                return false;
                            }
                            try {
                                Progress.this.wait(TimeUnit.SECONDS.toMillis(1));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        }
                        return next < targets.size();
                    }
                }

                @Override
                public Target next() {
                    synchronized (Progress.this) {
                        taken = ++next;
                        if (taken % CHECKPOINT_EVERY == 0) {
                            Progress.this.notifyAll();
                        }
                        return targets.get(next - 1);
                    }
                }
            };
        }

        /** What the status store holds for the account, read with the rest of its part, once. */
        Optional<StatusRecord> recorded(String accountId) {
            Part part;
            synchronized (this) {
                part = parts.get(accountId);
            }
            return part.recorded(log).apply(accountId);
        }

        synchronized Settled completed(Settled settled) {
            done.set(positions.get(settled.result().accountId()), settled);
            while (prefix < done.size() && done.get(prefix) != null) {
                prefix++;
            }
            if (prefix - saved >= CHECKPOINT_EVERY) {
                checkpoint();
            }
            return settled;
        }

        /** Saves what is done since the last checkpoint, and that every account is checked, when it is. */
        synchronized void flush() {
            if (prefix > saved) {
                checkpoint();
            }
            if (!lost && run.listed() && prefix == targets.size() && !run.checkedAll()) {
                saveRun(run.withAllChecked());
            }
        }

        /** A checkpoint after the completed prefix; once the list is whole and all of it done, the run checked all. */
        private void checkpoint() {
            if (lost) {
                return;
            }
            List<Settled> range = List.copyOf(done.subList(saved, prefix));
            if (!options.dryRun()) {
                runs.stagePending(run.runId(), AnnouncementLedger.awaitingDigest(range));
            }
            announcer.stage(run.runId(), range.stream().filter(s -> s.decision().announce()).map(Settled::result)
                    .toList());
            if (saveRun(run.advancedTo(range.getLast().result().accountId(),
                    range.stream().map(Settled::result).toList(), run.listed() && prefix == targets.size()))) {
                saved = prefix;
            }
        }

        private boolean saveRun(ReconcileRun advanced) {
            if (runs.save(advanced, run.version())) {
                run = advanced;
                return true;
            }
            lost = true;
            return false;
        }

        synchronized ReconcileRun run() {
            return run;
        }

        synchronized int listSize() {
            return listSize;
        }

        synchronized boolean lost() {
            return lost;
        }

        synchronized Optional<RuntimeException> listingFailure() {
            return Optional.ofNullable(listingFailure);
        }
    }

    /** Accounts listed together, whose recorded statuses are read together, once, by the first check that asks. */
    private final class Part {
        private final List<String> accountIds;
        private Function<String, Optional<StatusRecord>> recorded;

        Part(List<String> accountIds) {
            this.accountIds = accountIds;
        }

        synchronized Function<String, Optional<StatusRecord>> recorded(RunLog log) {
            if (recorded == null) {
                recorded = ledger.prefetch(accountIds, log);
            }
            return recorded;
        }
    }

    /** Thrown from the listing's page handler to end the walk: the invocation has no time left, or stopped. */
    private static final class ListingStopped extends RuntimeException {
        ListingStopped() {
            super(null, null, false, false);
        }
    }

    private static RunReport note(RunLog log, String note) {
        log.note(note);
        return new RunReport(List.of(), Optional.of(note), Optional.empty());
    }
}
