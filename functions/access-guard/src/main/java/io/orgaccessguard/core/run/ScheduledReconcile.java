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
import io.orgaccessguard.core.run.AccountPool.Batch;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
            // Walked once, with OU paths: the directory the run ends with needs them, and they cost no more pages.
            List<MemberAccount> accounts = directory.allAccountsWithOuPaths().stream()
                    .sorted(Comparator.comparing(MemberAccount::id)).toList();
            run = ReconcileRun.started(now.toString(), now, accounts.size(), current.map(ReconcileRun::version)
                    .orElse(0L));
            runs.saveAccounts(run.runId(), accounts);
            log.note("scheduled run " + run.runId() + " started over " + accounts.size() + " account(s)");
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
        run = leased;
        Optional<String> after = run.lastAccountId();
        List<Target> remainingTargets = runs.accounts(run.runId()).stream()
                .filter(account -> after.map(last -> account.id().compareTo(last) > 0).orElse(true))
                .map(Target::of).toList();
        var checkpoints = new Checkpoints(run, remainingTargets, options);
        // One pool over every remaining account: checkpoints follow the completed prefix as it grows, so a straggler
        // (an account waiting for IAM) never holds the other workers at a barrier.
        var statuses = new ConcurrentHashMap<Integer, Function<String, Optional<StatusRecord>>>();
        Function<String, Optional<StatusRecord>> recorded = accountId -> {
            int chunk = checkpoints.position(accountId) / CHECKPOINT_EVERY;
            return statuses.computeIfAbsent(chunk, c -> ledger.prefetch(remainingTargets.subList(c * CHECKPOINT_EVERY,
                    Math.min((c + 1) * CHECKPOINT_EVERY, remainingTargets.size())).stream()
                    .map(Target::accountId).toList(), log)).apply(accountId);
        };
        Function<Target, Settled> checkOne = check.with(recorded);
        Batch<Settled> batch = pool.run(remainingTargets, target -> checkpoints.completed(checkOne.apply(target)),
                deadline);
        checkpoints.flush();
        run = checkpoints.run();
        List<AccountResult> results = batch.done().stream().map(Settled::result).toList();
        if (checkpoints.lost()) {
            return new RunReport(results, Optional.of("scheduled run " + run.runId() + " was taken by another"
                    + " invocation; stopped after " + results.size() + " account(s)"), Optional.empty());
        }
        if (remainingTargets.isEmpty() && !run.checkedAll()) {
            ReconcileRun checked = run.withAllChecked();
            runs.save(checked, run.version());
            run = checked;
        }
        if (!run.checkedAll()) {
            ReconcileRun released = run.released();
            runs.save(released, run.version());
            String note = "scheduled run " + run.runId() + ": " + run.checked() + " of " + run.accounts()
                    + " account(s) checked; the continue schedule resumes after " + run.lastAccountId().orElse("none");
            log.note(note);
            return new RunReport(results, Optional.of(note), Optional.empty());
        }
        return finish(run, organization, options, log, results);
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
     * The run's progress within one invocation: results arrive out of order, and a checkpoint is saved each time the
     * prefix of accounts that are all done grows by {@value #CHECKPOINT_EVERY}, staging what the digest will announce.
     */
    private final class Checkpoints {
        private final Map<String, Integer> positions = new HashMap<>();
        private final Settled[] done;
        private final RunOptions options;
        private ReconcileRun run;
        private int prefix;
        private int saved;
        private boolean lost;

        Checkpoints(ReconcileRun run, List<Target> targets, RunOptions options) {
            this.run = run;
            this.options = options;
            this.done = new Settled[targets.size()];
            for (int i = 0; i < targets.size(); i++) {
                positions.put(targets.get(i).accountId(), i);
            }
        }

        int position(String accountId) {
            return positions.get(accountId);
        }

        synchronized Settled completed(Settled settled) {
            done[positions.get(settled.result().accountId())] = settled;
            while (prefix < done.length && done[prefix] != null) {
                prefix++;
            }
            if (prefix - saved >= CHECKPOINT_EVERY) {
                save();
            }
            return settled;
        }

        /** Saves what is done since the last checkpoint. */
        synchronized void flush() {
            if (prefix > saved) {
                save();
            }
        }

        /** A checkpoint after the completed prefix; with every remaining account done, the run has checked all. */
        private void save() {
            if (lost) {
                return;
            }
            List<Settled> range = List.copyOf(Arrays.asList(done).subList(saved, prefix));
            if (!options.dryRun()) {
                runs.stagePending(run.runId(), AnnouncementLedger.awaitingDigest(range));
            }
            announcer.stage(run.runId(), range.stream().filter(s -> s.decision().announce()).map(Settled::result)
                    .toList());
            ReconcileRun advanced = run.advancedTo(range.getLast().result().accountId(),
                    range.stream().map(Settled::result).toList(), prefix == done.length);
            if (runs.save(advanced, run.version())) {
                run = advanced;
                saved = prefix;
            } else {
                lost = true;
            }
        }

        synchronized ReconcileRun run() {
            return run;
        }

        synchronized boolean lost() {
            return lost;
        }
    }

    private static RunReport note(RunLog log, String note) {
        log.note(note);
        return new RunReport(List.of(), Optional.of(note), Optional.empty());
    }
}
