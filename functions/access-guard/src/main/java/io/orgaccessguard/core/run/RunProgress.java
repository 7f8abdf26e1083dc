package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.port.RunStore.Staged;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One invocation's share of a stored run. A listing thread (the producer) puts the accounts to check into a bounded
 * queue: first the run's saved list from where it stands, then what the listing finds, saved first in parts of
 * {@value #CHECKPOINT_EVERY} (what is not saved is never queued, so a checkpoint never covers an account a later
 * invocation could not find in the list). The checks (the consumer) take from the queue. Results arrive out of
 * order, and a checkpoint is saved each time the prefix of accounts that are all done grows by
 * {@value #CHECKPOINT_EVERY}, staging what the digest will announce.
 */
final class RunProgress {

    /** Accounts between checkpoints: what a lost invocation may have to check again, idempotently. */
    static final int CHECKPOINT_EVERY = 200;
    /**
     * How far the listing may run ahead of the checks (the queue's capacity): Organizations' rate is shared by
     * everything the organization runs, and a listing that only keeps ahead of the checks asks for pages at their
     * pace instead of as fast as it is let (measured: no throttled page in a run, where a listing at full speed is
     * throttled every few seconds). Once the checks have stopped, it goes on unheld, only saving.
     */
    static final int LISTED_AHEAD = 2 * CHECKPOINT_EVERY;
    /** Put after the last account: the listing is over (done, stopped or failed). */
    private static final Target END = Target.of("end-of-list");

    private final TargetResolver resolver;
    private final RunStore runs;
    private final AnnouncementLedger ledger;
    private final RunOptions options;
    private final RunLog log;
    private final Deadline deadline;
    private final List<MemberAccount> savedList;
    private final BlockingQueue<Target> queue = new ArrayBlockingQueue<>(LISTED_AHEAD);
    // The run's list as this invocation knows it, from the first unchecked account; guarded by this.
    private final Set<String> inList = new HashSet<>();
    private final List<Settled> done = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final Map<String, Part> parts = new HashMap<>();
    private ReconcileRun run;
    private int listSize;
    private int prefix;
    private int saved;
    private boolean lost;
    private RuntimeException listingFailure;
    private volatile boolean checksEnded;
    private volatile boolean stopListing;

    RunProgress(ReconcileRun run, List<MemberAccount> savedList, TargetResolver resolver, RunStore runs,
                AnnouncementLedger ledger, RunOptions options, RunLog log, Deadline deadline) {
        this.run = run;
        this.savedList = List.copyOf(savedList);
        this.resolver = resolver;
        this.runs = runs;
        this.ledger = ledger;
        this.options = options;
        this.log = log;
        this.deadline = deadline;
        this.listSize = savedList.size();
        savedList.forEach(account -> inList.add(account.id()));
    }

    /** The producer, on the listing thread: the saved accounts not yet checked, then the rest of the list. */
    void list() {
        try {
            List<MemberAccount> unchecked = savedList.subList(Math.min(run.checked(), savedList.size()),
                    savedList.size());
            for (int from = 0; from < unchecked.size(); from += CHECKPOINT_EVERY) {
                queue(unchecked.subList(from, Math.min(from + CHECKPOINT_EVERY, unchecked.size())));
            }
            if (!run.listed()) {
                listTheRest();
            }
        } catch (ListingStopped e) {
            // No time for another page, or the checks failed: what was found is saved.
        } catch (RuntimeException e) {
            synchronized (this) {
                listingFailure = e;
            }
        } finally {
            offer(END);
        }
    }

    /** The accounts not yet in the run's list, saved and queued in parts. */
    private void listTheRest() {
        var found = new ArrayList<MemberAccount>();
        try {
            resolver.walk(run.plan().scope(), page -> {
                if (stopListing || !deadline.allowsAnotherPage()) {
                    throw new ListingStopped();
                }
                page.stream().filter(this::newToTheList).forEach(found::add);
                while (found.size() >= CHECKPOINT_EVERY) {
                    List<MemberAccount> part = found.subList(0, CHECKPOINT_EVERY);
                    saveAndQueue(List.copyOf(part));
                    part.clear();
                }
            });
            if (!found.isEmpty()) {
                saveAndQueue(List.copyOf(found));
            }
            listedAll();
        } catch (ListingStopped e) {
            saveWhatWasFound(found, null);
        } catch (RuntimeException e) {
            saveWhatWasFound(found, e);
            throw e;
        }
    }

    private synchronized boolean newToTheList(MemberAccount account) {
        return inList.add(account.id());
    }

    /** Saves the accounts found since the last part, so that no page is paid for twice. */
    private void saveWhatWasFound(List<MemberAccount> found, RuntimeException failure) {
        if (found.isEmpty()) {
            return;
        }
        try {
            saveAndQueue(List.copyOf(found));
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    private void saveAndQueue(List<MemberAccount> part) {
        int from;
        synchronized (this) {
            from = listSize;
        }
        runs.saveAccounts(run.runId(), from, part);
        synchronized (this) {
            listSize += part.size();
        }
        queue(part);
    }

    /** Queues saved accounts for the checks, waiting for room; once the checks have ended, only keeps count. */
    private void queue(List<MemberAccount> part) {
        var recorded = new Part(ledger, part.stream().map(MemberAccount::id).toList());
        synchronized (this) {
            for (MemberAccount account : part) {
                positions.put(account.id(), done.size());
                parts.put(account.id(), recorded);
                done.add(null);
            }
        }
        for (MemberAccount account : part) {
            if (!offer(Target.of(account))) {
                return;
            }
        }
    }

    /** @return false once the checks have ended (nothing more is taken) or the listing is to stop */
    private boolean offer(Target target) {
        try {
            while (!queue.offer(target, 1, TimeUnit.SECONDS)) {
                if (checksEnded || stopListing) {
                    return false;
                }
                if (target != END && !deadline.allowsAnotherPage()) {
                    throw new ListingStopped();
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListingStopped();
        }
    }

    private synchronized void listedAll() {
        log.note("run " + run.runId() + " listed " + listSize + " account(s)");
        if (!lost) {
            saveRun(run.listedAll(listSize));
        }
    }

    /** The consumer's side: the accounts to check, taken from the queue while the deadline allows. */
    Iterator<Target> targets() {
        return new Iterator<>() {
            private Target next;
            private boolean over;

            @Override
            public boolean hasNext() {
                while (next == null && !over) {
                    try {
                        Target taken = queue.poll(1, TimeUnit.SECONDS);
                        if (taken == END) {
                            over = true;
                        } else if (taken != null) {
                            next = taken;
                        } else if (!deadline.allowsAnotherAccount()) {
                            return false;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                return next != null;
            }

            @Override
            public Target next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Target taken = next;
                next = null;
                return taken;
            }
        };
    }

    /** The checks have stopped: the listing goes on while a page fits, only saving, for the next invocation. */
    void checksEnded() {
        checksEnded = true;
    }

    void stopListing() {
        stopListing = true;
    }

    /** What the status store holds for the account, read with the rest of its part, once. */
    Optional<StatusRecord> recorded(String accountId) {
        Part part;
        synchronized (this) {
            part = parts.get(accountId);
        }
        return part.recorded(log).apply(accountId);
    }

    /** Whether an invocation that died may have worked on the account without staging it. */
    synchronized boolean mayHaveBeenLost(String accountId) {
        return run.checked() - saved + positions.get(accountId) < run.tracedBefore();
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
        if (!lost && run.listed() && prefix == done.size() && !run.checkedAll()) {
            saveRun(run.withAllChecked());
        }
    }

    /** A checkpoint after the completed prefix, staging what the digest will announce first. */
    private void checkpoint() {
        if (lost) {
            return;
        }
        List<Settled> range = List.copyOf(done.subList(saved, prefix));
        List<Staged> staged = AnnouncementLedger.toStage(range, options);
        if (!staged.isEmpty()) {
            runs.stage(run.runId(), staged);
        }
        if (saveRun(run.advancedTo(range.getLast().result().accountId(),
                range.stream().map(Settled::result).toList(), run.listed() && prefix == done.size()))) {
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
