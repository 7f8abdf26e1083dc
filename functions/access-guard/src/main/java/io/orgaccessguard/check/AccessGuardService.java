package io.orgaccessguard.check;

import io.orgaccessguard.aws.OrganizationDirectory;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plain service behind both handlers: turns a trigger or a manual request into accounts, checks each, notifies
 * people of what needs them, and reports.
 */
public final class AccessGuardService {

    private final OrganizationDirectory directory;
    private final AccountCheck accountCheck;
    private final Notifier notifier;
    private final GuardConfig config;
    private Organization organization;

    public AccessGuardService(OrganizationDirectory directory, AccountCheck accountCheck, Notifier notifier,
                              GuardConfig config) {
        this.directory = directory;
        this.accountCheck = accountCheck;
        this.notifier = notifier;
        this.config = config;
    }

    /**
     * Handles an EventBridge trigger. FAILED results are not published here: the handler fails the invocation so
     * Lambda retries, and what still fails ends in the dead-letter queue, which alarms.
     */
    public RunReport onEvent(Trigger trigger, RunLog log) {
        if (trigger instanceof NotAJoin notAJoin) {
            log.note("skipped event: " + notAJoin.reason());
            return RunReport.skipped(notAJoin.reason());
        }
        AccountJoined joined = (AccountJoined) trigger;
        Organization org = organization();
        var ids = new LinkedHashSet<>(joined.candidateAccountIds());
        ids.remove(org.managementAccountId());
        if (ids.isEmpty() && joined.handshakeId().isPresent()) {
            directory.handshakeAccount(joined.handshakeId().get())
                    .filter(id -> !id.equals(org.managementAccountId())).ifPresent(ids::add);
        }
        boolean dryRun = config.dryRun();
        if (!ids.isEmpty()) {
            return new RunReport(run(List.copyOf(ids), id -> accountCheck.check(org, id, dryRun), org,
                    NotifyMode.EACH, false, log), Optional.empty());
        }
        Instant since = joined.eventTime().minus(config.reconcileLookback());
        List<MemberAccount> recent = directory.accountsJoinedSince(since).stream()
                .filter(account -> !account.id().equals(org.managementAccountId())).toList();
        String note = joined.eventName() + " named no account; reconciled the " + recent.size()
                + " account(s) that joined since " + since;
        log.note(note);
        return new RunReport(run(recent, account -> accountCheck.check(org, account, dryRun), org, NotifyMode.EACH,
                false, log), Optional.of(note));
    }

    /** Handles a manual (or scheduled) request. */
    public RunReport onRequest(CheckRequest request, RunLog log) {
        Organization org = organization();
        boolean dryRun = request.dryRun().orElse(config.dryRun());
        List<AccountResult> results = switch (request.selection()) {
            case AccountList list -> run(list.accountIds(), id -> accountCheck.check(org, id, dryRun), org,
                    request.notifyMode(), true, log);
            case AllAccounts all -> run(directory.allAccounts().toList(),
                    account -> accountCheck.check(org, account, dryRun), org, request.notifyMode(), true, log);
            case OrganizationalUnit ou -> run(directory.accountsUnder(ou.id(), ou.recursive()),
                    account -> accountCheck.check(org, account, dryRun), org, request.notifyMode(), true, log);
        };
        return new RunReport(results, Optional.empty());
    }

    private <T> List<AccountResult> run(List<T> accounts, Function<T, AccountResult> check, Organization org,
                                        NotifyMode notifyMode, boolean publishFailures, RunLog log) {
        var results = new ArrayList<AccountResult>();
        for (T account : accounts) {
            AccountResult result = check.apply(account);
            if (notifyMode != NotifyMode.NONE && (publishFailures || result.outcome() != Outcome.FAILED)) {
                result = notifier.publish(result, org).map(result::withNotification).orElse(result);
            }
            log.accountResult(result);
            results.add(result);
        }
        return results;
    }

    /** The management account and partition do not change while a container lives. */
    private Organization organization() {
        if (organization == null) {
            organization = directory.describeOrganization();
        }
        return organization;
    }
}
