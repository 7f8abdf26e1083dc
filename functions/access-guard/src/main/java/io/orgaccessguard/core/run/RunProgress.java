package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The run's progress within one invocation. The accounts to check are the run's saved list from where it stands,
 * then what the listing finds and saves (in parts of {@value #CHECKPOINT_EVERY}; what is not saved is never
 * checked, so a checkpoint never covers an account a later invocation could not find in the list). Results arrive
 * out of order, and a checkpoint is saved each time the prefix of accounts that are all done grows by
 * {@value #CHECKPOINT_EVERY}, staging what the digest will announce.
 */
final class RunProgress {

    /** Accounts between checkpoints: what a lost invocation may have to check again, idempotently. */
    static final int CHECKPOINT_EVERY = 200;
    /** How far the listing may run ahead of the checks: two parts, a second or more of checks at any concurrency. */
    static final int LISTED_AHEAD = 2 * CHECKPOINT_EVERY;

    private final OrganizationDirectory directory;
    private final RunStore runs;
    private final Announcer announcer;
    private final AnnouncementLedger ledger;
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

    RunProgress(ReconcileRun run, List<MemberAccount> savedList, OrganizationDirectory directory, RunStore runs,
                Announcer announcer, AnnouncementLedger ledger, RunOptions options, RunLog log, Deadline deadline) {
        this.run = run;
        this.directory = directory;
        this.runs = runs;
        this.announcer = announcer;
        this.ledger = ledger;
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
        var part = new Part(ledger, accounts.stream().map(MemberAccount::id).toList());
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
                synchronized (RunProgress.this) {
                    while (next >= targets.size() && !listingOver) {
                        if (!deadline.allowsAnotherAccount()) {
                            return false;
                        }
                        try {
                            RunProgress.this.wait(TimeUnit.SECONDS.toMillis(1));
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
                synchronized (RunProgress.this) {
                    taken = ++next;
                    if (taken % CHECKPOINT_EVERY == 0) {
                        RunProgress.this.notifyAll();
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

    /** Accounts listed together, whose recorded statuses are read together, once, by the first check that asks. */
    private static final class Part {
        private final AnnouncementLedger ledger;
        private final List<String> accountIds;
        private Function<String, Optional<StatusRecord>> recorded;

        Part(AnnouncementLedger ledger, List<String> accountIds) {
            this.ledger = ledger;
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
}
