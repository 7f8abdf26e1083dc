package io.orgaccessguard.core.run;

import io.orgaccessguard.core.decision.AlertPolicy;
import io.orgaccessguard.core.decision.AlertPolicy.Decision;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.Announcer.RunDigest;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore.Staged;
import io.orgaccessguard.core.port.StatusStore;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The announcement rules, in one place: compares a result with the recorded status, announces what is owed (one
 * message each, or one digest per run, from the typed results staged for it), and records the status. A digest's
 * accounts are recorded once, after the digest, as told. When the message of a change cannot be sent (the invocation
 * then fails and is retried), the change is recorded as owed, so that the retry, which finds the work done, still
 * announces it.
 */
final class AnnouncementLedger {

    private final StatusStore statuses;
    private final Announcer announcer;
    private final AlertPolicy alertPolicy;
    private final Clock clock;

    AnnouncementLedger(StatusStore statuses, Announcer announcer, AlertPolicy alertPolicy, Clock clock) {
        this.statuses = statuses;
        this.announcer = announcer;
        this.alertPolicy = alertPolicy;
        this.clock = clock;
    }

    /** A result with the decision made for it. */
    record Settled(AccountResult result, Decision decision) {
    }

    /** What is recorded for the accounts a batch will check, read at once: one call per 100 accounts, not one each. */
    Function<String, Optional<StatusRecord>> prefetch(List<String> accountIds, RunLog log) {
        Map<String, StatusRecord> known;
        try {
            known = statuses.readAll(accountIds);
        } catch (OperationFailedException e) {
            log.note("reading the status of " + accountIds.size() + " account(s) at once: " + e.getMessage()
                    + "; reading them one by one");
            return accountId -> recorded(accountId, log);
        }
        return accountId -> Optional.ofNullable(known.get(accountId));
    }

    /** What is recorded for one account, read when it is needed. */
    Function<String, Optional<StatusRecord>> onDemand(RunLog log) {
        return accountId -> recorded(accountId, log);
    }

    /**
     * One account's result: announced now when it is owed and messages go one per account, then recorded.
     *
     * @param recorded what is recorded for an account
     */
    Settled settle(AccountResult checked, Organization organization, RunOptions options, RunLog log,
                   Function<String, Optional<StatusRecord>> recorded) {
        if (!options.recordVerified() && checked.outcome() == Outcome.ACCESS_VERIFIED) {
            log.accountResult(checked);
            return new Settled(checked, new Decision(false, Optional.empty(), false));
        }
        Optional<StatusRecord> previous = StatusRecord.statusOf(checked.outcome()).isPresent()
                ? recorded.apply(checked.accountId())
                : Optional.empty();
        AccountResult result = withOwedAnnouncement(checked, previous, options);
        Instant now = clock.instant();
        Decision decision = alertPolicy.decide(result, previous, now);
        Optional<StatusRecord> record = decision.record();
        boolean changed = decision.recordChanged();
        if (options.notifyMode() == NotifyMode.EACH && decision.announce()
                && (options.announceFailures() || result.outcome() != Outcome.FAILED)) {
            Optional<String> messageId;
            try {
                messageId = announcer.announce(result, organization);
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
        // A digest's accounts are recorded once, after the digest, with the time they were told.
        boolean awaitsDigest = options.notifyMode() == NotifyMode.DIGEST && decision.announce();
        if (!options.dryRun() && changed && record.isPresent() && !awaitsDigest) {
            record(result.accountId(), record.get(), log);
        }
        log.accountResult(result);
        return new Settled(result, decision);
    }

    /**
     * What of {@code settled} a digest is to announce, staged as typed values with the status each is to get; nothing
     * when messages go one per account (already sent) or not at all.
     */
    static List<Staged> toStage(List<Settled> settled, RunOptions options) {
        if (options.notifyMode() != NotifyMode.DIGEST) {
            return List.of();
        }
        return settled.stream().filter(s -> s.decision().announce())
                .map(s -> new Staged(s.result(), s.decision().record())).toList();
    }

    /**
     * The one digest of a run, then its announced accounts recorded once, as told (or, when nobody is to be told, as
     * they are).
     *
     * @param counts outcomes of every account the run checked; {@code checked} of them
     * @return the digest's message ID, when one was sent
     */
    Optional<String> announceDigest(String runId, List<Staged> staged, Map<Outcome, Integer> counts, int checked,
                                    Organization organization, RunOptions options, RunLog log) {
        Optional<String> messageId = options.notifyMode() == NotifyMode.NONE ? Optional.empty()
                : announcer.announceDigest(new RunDigest(runId, staged.stream().map(Staged::result).toList(), counts,
                        checked, organization));
        if (!options.dryRun()) {
            var records = new LinkedHashMap<String, StatusRecord>();
            Optional<Instant> toldAt = messageId.map(id -> clock.instant());
            staged.forEach(s -> s.record().ifPresent(record -> records.put(s.result().accountId(),
                    toldAt.map(record::notified).orElse(record))));
            recordAll(records, log);
        }
        messageId.ifPresent(id -> log.note("digest " + id + " announced " + staged.size() + " of " + checked
                + " account(s)"));
        return messageId;
    }

    /**
     * The one digest of a run within one invocation (a list of accounts). Should it not go out, each change it
     * announces is recorded as owed, so that the next run announces it.
     */
    List<AccountResult> announceDigest(String runId, List<Settled> settled, Organization organization,
                                       RunOptions options, RunLog log) {
        List<AccountResult> all = settled.stream().map(Settled::result).toList();
        Optional<String> messageId;
        try {
            messageId = announceDigest(runId, toStage(settled, options), RunReport.counts(all), all.size(), organization,
                    options, log);
        } catch (RuntimeException e) {
            settled.stream().filter(s -> s.decision().announce()).forEach(s ->
                    oweAnnouncement(s.result(), s.decision().record(), options, log));
            throw e;
        }
        return messageId.map(id -> settled.stream().map(s -> s.decision().announce()
                ? s.result().withNotification(id) : s.result()).toList()).orElse(all);
    }

    private void recordAll(Map<String, StatusRecord> records, RunLog log) {
        if (records.isEmpty()) {
            return;
        }
        try {
            statuses.writeAll(records);
        } catch (OperationFailedException e) {
            log.note("recording " + records.size() + " account(s) after the digest: " + e.getMessage());
        }
    }

    /**
     * A verified account whose record still owes the announcement of a change an earlier run made (that run could not
     * send its message) is reported as that change, so that this run announces it. Only when this run announces
     * anything at all: otherwise the record keeps owing it.
     */
    private AccountResult withOwedAnnouncement(AccountResult result, Optional<StatusRecord> previous,
                                               RunOptions options) {
        if (result.outcome() != Outcome.ACCESS_VERIFIED || options.dryRun()
                || options.notifyMode() == NotifyMode.NONE) {
            return result;
        }
        return previous.flatMap(record -> record.owedChange().filter(announcer::wouldAnnounce)
                        .map(change -> result.withOutcome(change,
                                new Reason.AnnouncedLate(change, record.since(), result.reason()))))
                .orElse(result);
    }

    /** Records that the change {@code result} reports was made but not announced, so that the next run does. */
    private void oweAnnouncement(AccountResult result, Optional<StatusRecord> record, RunOptions options, RunLog log) {
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
            return statuses.read(accountId);
        } catch (OperationFailedException e) {
            log.note("account " + accountId + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void record(String accountId, StatusRecord record, RunLog log) {
        try {
            statuses.write(accountId, record);
        } catch (OperationFailedException e) {
            log.note("account " + accountId + ": " + e.getMessage());
        }
    }
}
