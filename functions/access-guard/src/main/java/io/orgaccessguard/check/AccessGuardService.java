package io.orgaccessguard.check;

import io.orgaccessguard.aws.AccountStatusTags;
import io.orgaccessguard.aws.AwsErrors;
import io.orgaccessguard.aws.OrganizationDirectory;
import io.orgaccessguard.check.AlertPolicy.Decision;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.notify.Notifier;
import io.orgaccessguard.trigger.CheckRequest;
import io.orgaccessguard.trigger.CheckRequest.AccountList;
import io.orgaccessguard.trigger.CheckRequest.AllAccounts;
import io.orgaccessguard.trigger.CheckRequest.NotifyMode;
import io.orgaccessguard.trigger.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.trigger.Trigger;
import io.orgaccessguard.trigger.Trigger.AccountJoined;
import io.orgaccessguard.trigger.Trigger.NotAJoin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The plain service behind both handlers: turns a trigger or a manual request into accounts, checks them with bounded
 * concurrency within the invocation's time, records each account's status, tells people what changed, and reports.
 */
public final class AccessGuardService {

    private final OrganizationDirectory directory;
    private final AccountCheck accountCheck;
    private final AccountStatusTags statusTags;
    private final AlertPolicy alertPolicy;
    private final Notifier notifier;
    private final GuardConfig config;
    private final Clock clock;
    private Organization organization;

    public AccessGuardService(OrganizationDirectory directory, AccountCheck accountCheck,
                              AccountStatusTags statusTags, Notifier notifier, GuardConfig config, Clock clock) {
        this.directory = directory;
        this.accountCheck = accountCheck;
        this.statusTags = statusTags;
        this.alertPolicy = new AlertPolicy(config);
        this.notifier = notifier;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Handles an EventBridge trigger. FAILED results are not published here: the handler fails the invocation so
     * Lambda retries, and what still fails ends in the failed-event queue, which alarms. Accounts the invocation had
     * no time to start are FAILED too, for the same reason.
     */
    public RunReport onEvent(Trigger trigger, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, config.rolePropagationWait());
        if (trigger instanceof NotAJoin notAJoin) {
            log.note("skipped event: " + notAJoin.reason());
            return RunReport.skipped(notAJoin.reason());
        }
        AccountJoined joined = (AccountJoined) trigger;
        var notes = new ArrayList<String>();
        if (!joined.ignored().isEmpty()) {
            notes.add(joined.eventName() + ": ignored " + String.join("; ", joined.ignored()));
            log.note(notes.getLast());
        }
        Organization org = organization();
        var ids = new LinkedHashSet<>(joined.candidateAccountIds());
        boolean namedManagement = ids.remove(org.managementAccountId());
        if (ids.isEmpty() && joined.handshakeId().isPresent()) {
            directory.handshakeAccount(joined.handshakeId().get())
                    .filter(id -> !id.equals(org.managementAccountId())).ifPresent(ids::add);
        }
        List<Target> targets;
        if (!ids.isEmpty()) {
            targets = ids.stream().map(Target::of).toList();
        } else {
            // The event is a hint: one that names no usable account still stands for a join, so none is lost.
            Instant since = joined.eventTime().minus(config.reconcileLookback());
            targets = directory.accountsJoinedSince(since).stream()
                    .filter(account -> !account.id().equals(org.managementAccountId())).map(Target::of).toList();
            notes.add(joined.eventName() + " named no account" + (namedManagement ? " but the management account "
                    + org.managementAccountId() + ", which needs no access role" : "") + "; reconciled the "
                    + targets.size() + " account(s) that joined since " + since);
            log.note(notes.getLast());
        }
        Optional<String> note = notes.isEmpty() ? Optional.empty() : Optional.of(String.join(". ", notes));
        Batch batch = run(sorted(targets), org, new Options(config.dryRun(), NotifyMode.EACH, false), log, deadline);
        var results = new ArrayList<>(batch.results());
        batch.notStarted().forEach(target -> results.add(AccountResult.unknownAccount(target.accountId(),
                Outcome.FAILED, "not started: the invocation ran out of time (Lambda retries the event)")));
        return new RunReport(results, note, Optional.empty());
    }

    /** Handles a manual or scheduled request; when time runs out, the report carries a cursor to continue. */
    public RunReport onRequest(CheckRequest request, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, config.rolePropagationWait());
        Optional<String> after = request.cursor()
                .map(cursor -> RunCursor.decode(cursor, request.selection()).lastAccountId());
        Organization org = organization();
        List<Target> targets = switch (request.selection()) {
            case AccountList list -> list.accountIds().stream().map(Target::of).toList();
            case AllAccounts all -> directory.allAccounts().map(Target::of).toList();
            case OrganizationalUnit ou -> directory.accountsUnder(ou.id(), ou.recursive()).stream()
                    .map(Target::of).toList();
        };
        targets = sorted(targets).stream()
                .filter(target -> after.map(last -> target.accountId().compareTo(last) > 0).orElse(true)).toList();
        var options = new Options(request.dryRun().orElse(config.dryRun()), request.notifyMode(), true);
        Batch batch = run(targets, org, options, log, deadline);
        Optional<RunCursor> next = batch.notStarted().isEmpty() ? Optional.empty()
                : Optional.of(RunCursor.after(request.selection(), batch.results().isEmpty()
                        ? after.orElse(RunCursor.BEFORE_FIRST) : batch.results().getLast().accountId()));
        List<AccountResult> results = options.notifyMode() == NotifyMode.DIGEST
                ? announceDigest(batch, org, options, next, log)
                : batch.results();
        next.ifPresent(cursor -> log.note("ran out of time after " + results.size() + " account(s); "
                + batch.notStarted().size() + " remain: continue with the cursor"));
        return new RunReport(results, Optional.empty(),
                next.map(cursor -> new RunReport.Continuation(cursor.encode(), batch.notStarted().size())));
    }

    /**
     * Checks the targets, a bounded number at a time. Should one fail beyond its result (a message that cannot be
     * sent), no further account is started, and the failure is thrown only once every account already started has
     * finished: no work goes on after the invocation has ended, where it would race the retry.
     */
    private Batch run(List<Target> targets, Organization org, Options options, RunLog log, Deadline deadline) {
        int threads = Math.max(1, Math.min(config.maxConcurrency(), targets.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon()
                .name("check-", 0).factory());
        var slots = new Semaphore(threads);
        var futures = new ArrayList<Future<Checked>>();
        var firstFailure = new AtomicReference<RuntimeException>();
        try {
            for (Target target : targets) {
                slots.acquireUninterruptibly();
                if (firstFailure.get() != null || !deadline.allowsAnotherAccount()) {
                    slots.release();
                    break;
                }
                futures.add(pool.submit(() -> {
                    try {
                        return process(target, org, options, log);
                    } catch (RuntimeException e) {
                        firstFailure.compareAndSet(null, e);
                        throw e;
                    } finally {
                        slots.release();
                    }
                }));
            }
            var checked = new ArrayList<Checked>();
            RuntimeException failure = null;
            for (Future<Checked> future : futures) {
                try {
                    checked.add(join(future));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else if (failure != e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new Batch(checked, targets.subList(futures.size(), targets.size()));
        } finally {
            pool.shutdown();
        }
    }

    /**
     * One account: check it, compare with what was recorded, announce (one message each), record. When the message of
     * a change cannot be sent (the invocation then fails and is retried), the change is recorded as owed, so that the
     * retry, which finds the work done, still announces it.
     */
    private Checked process(Target target, Organization org, Options options, RunLog log) {
        AccountResult checked = target.described()
                .map(account -> accountCheck.check(org, account, options.dryRun()))
                .orElseGet(() -> accountCheck.check(org, target.accountId(), options.dryRun()));
        Optional<StatusRecord> previous = StatusRecord.statusOf(checked.outcome()).isPresent()
                ? recorded(checked.accountId(), log)
                : Optional.empty();
        AccountResult result = withOwedAnnouncement(checked, previous, options);
        Instant now = clock.instant();
        Decision decision = alertPolicy.decide(result, previous, now);
        Optional<StatusRecord> record = decision.record();
        boolean changed = decision.recordChanged();
        if (options.notifyMode() == NotifyMode.EACH && decision.announce()
                && (options.publishFailures() || result.outcome() != Outcome.FAILED)) {
            Optional<String> messageId;
            try {
                messageId = notifier.publish(result, org);
            } catch (RuntimeException e) {
                oweAnnouncement(result, record, options, log);
                throw e;
            }
            if (messageId.isPresent()) {
                result = result.withNotification(messageId.get());
                record = record.map(r -> r.notified(now));
                changed = record.isPresent();
            }
        }
        if (!options.dryRun() && changed && record.isPresent()) {
            record(result.accountId(), record.get(), log);
        }
        log.accountResult(result);
        return new Checked(result, decision);
    }

    /**
     * A verified account whose record still owes the announcement of a change an earlier run made (that run could not
     * send its message) is reported as that change, so that this run announces it. Only when this run announces
     * anything at all: otherwise the record keeps owing it.
     */
    private AccountResult withOwedAnnouncement(AccountResult result, Optional<StatusRecord> previous,
                                               Options options) {
        if (result.outcome() != Outcome.ACCESS_VERIFIED || options.dryRun()
                || options.notifyMode() == NotifyMode.NONE) {
            return result;
        }
        return previous.flatMap(record -> record.owedChange().filter(notifier::wouldPublish)
                        .map(change -> result.withOutcome(change, change.name() + " by an earlier run at "
                                + record.since() + ", not announced until now; " + result.reason())))
                .orElse(result);
    }

    /** The one digest of a run, then the announced accounts' records marked as told. */
    private List<AccountResult> announceDigest(Batch batch, Organization org, Options options,
                                               Optional<RunCursor> next, RunLog log) {
        List<AccountResult> due = batch.checked().stream().filter(checked -> checked.decision().announce())
                .map(Checked::result).toList();
        Optional<String> messageId;
        try {
            messageId = notifier.publishDigest(due, batch.results(), next.isPresent(), org);
        } catch (RuntimeException e) {
            batch.checked().stream().filter(checked -> checked.decision().announce()).forEach(checked ->
                    oweAnnouncement(checked.result(), checked.decision().record(), options, log));
            throw e;
        }
        if (messageId.isEmpty()) {
            return batch.results();
        }
        log.note("digest " + messageId.get() + " announced " + due.size() + " of " + batch.results().size()
                + " account(s)");
        Instant now = clock.instant();
        var results = new ArrayList<AccountResult>();
        for (Checked checked : batch.checked()) {
            if (!checked.decision().announce()) {
                results.add(checked.result());
                continue;
            }
            if (!options.dryRun()) {
                checked.decision().record().ifPresent(r -> record(checked.result().accountId(), r.notified(now), log));
            }
            results.add(checked.result().withNotification(messageId.get()));
        }
        return results;
    }

    /** Records that the change {@code result} reports was made but not announced, so that the next run does. */
    private void oweAnnouncement(AccountResult result, Optional<StatusRecord> record, Options options, RunLog log) {
        if (options.dryRun() || record.isEmpty()) {
            return;
        }
        StatusRecord.changeOf(result).ifPresent(change -> {
            log.note("account " + result.accountId() + ": the message announcing " + change.name()
                    + " could not be sent; the next run announces it");
            record(result.accountId(), record.get().owing(change), log);
        });
    }

    /** What is recorded for the account; a failed read counts as "nothing recorded", so nothing is missed. */
    private Optional<StatusRecord> recorded(String accountId, RunLog log) {
        try {
            return statusTags.read(accountId);
        } catch (SdkException e) {
            log.note("account " + accountId + ": " + AwsErrors.describe("organizations:ListTagsForResource", e));
            return Optional.empty();
        }
    }

    private void record(String accountId, StatusRecord record, RunLog log) {
        try {
            statusTags.write(accountId, record);
        } catch (SdkException e) {
            log.note("account " + accountId + ": " + AwsErrors.describe("organizations:TagResource", e));
        }
    }

    private static Checked join(Future<Checked> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking accounts", e);
        }
    }

    private static List<Target> sorted(List<Target> targets) {
        return targets.stream().sorted(Comparator.comparing(Target::accountId)).toList();
    }

    /** The management account and partition do not change while a container lives. */
    private synchronized Organization organization() {
        if (organization == null) {
            organization = directory.describeOrganization();
        }
        return organization;
    }

    /** An account to check: an ID from a request or event, or an account Organizations already described. */
    private record Target(String accountId, Optional<MemberAccount> described) {
        static Target of(String accountId) {
            return new Target(accountId, Optional.empty());
        }

        static Target of(MemberAccount account) {
            return new Target(account.id(), Optional.of(account));
        }
    }

    private record Options(boolean dryRun, NotifyMode notifyMode, boolean publishFailures) {
    }

    private record Checked(AccountResult result, Decision decision) {
    }

    private record Batch(List<Checked> checked, List<Target> notStarted) {
        List<AccountResult> results() {
            return checked.stream().map(Checked::result).toList();
        }
    }
}
