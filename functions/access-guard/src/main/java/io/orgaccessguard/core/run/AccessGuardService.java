package io.orgaccessguard.core.run;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.decision.AlertPolicy;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.port.StatusStore;
import io.orgaccessguard.core.run.AccountPool.Batch;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plain service behind both handlers: finds the accounts a trigger or a request means, checks them within the
 * invocation's time, settles what people are told, and reports.
 */
public final class AccessGuardService {

    private final OrganizationDirectory directory;
    private final AccountCheck accountCheck;
    private final TargetResolver targets;
    private final AccountPool pool;
    private final AnnouncementLedger ledger;
    private final ScheduledReconcile scheduled;
    private final DirectoryRefresh directoryRefresh;
    private final GuardConfig config;
    private final Clock clock;

    /** Without an access directory. */
    public AccessGuardService(OrganizationDirectory directory, AccountCheck accountCheck, StatusStore statuses,
                              RunStore runs, Announcer announcer, GuardConfig config, Clock clock) {
        this(directory, accountCheck, statuses, runs, announcer, AccessDirectory.NONE, config, clock);
    }

    /** @param accessDirectory rewritten after each run over the whole organization */
    public AccessGuardService(OrganizationDirectory directory, AccountCheck accountCheck, StatusStore statuses,
                              RunStore runs, Announcer announcer, AccessDirectory accessDirectory, GuardConfig config,
                              Clock clock) {
        this.directory = directory;
        this.accountCheck = accountCheck;
        this.targets = new TargetResolver(directory, config);
        this.pool = new AccountPool(config.maxConcurrency());
        this.ledger = new AnnouncementLedger(statuses, announcer,
                new AlertPolicy(config.notifyOn(), config.reminderInterval()), clock);
        this.directoryRefresh = new DirectoryRefresh(accessDirectory, statuses, clock);
        this.scheduled = new ScheduledReconcile(directory, runs, announcer, ledger, pool, directoryRefresh, clock);
        this.config = config;
        this.clock = clock;
    }

    /** The configuration it runs with (what the handlers render from its reports needs some of it). */
    public GuardConfig config() {
        return config;
    }

    /**
     * Handles an EventBridge trigger. FAILED results are not announced here: the handler fails the invocation so
     * Lambda retries, and what still fails ends in the failed-event queue, which alarms. Accounts the invocation had
     * no time to start are FAILED too, for the same reason.
     */
    public RunReport onEvent(Trigger trigger, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, config.rolePropagationWait(), clock);
        if (trigger instanceof NotAJoin notAJoin) {
            log.note("skipped event: " + notAJoin.reason());
            return RunReport.skipped(notAJoin.reason());
        }
        Organization organization = organization();
        TargetResolver.Resolution resolution = targets.forJoin((AccountJoined) trigger, organization);
        resolution.notes().forEach(log::note);
        var options = RunOptions.forEvent(config.dryRun());
        Batch<Settled> batch = check(resolution.targets(), organization, options, log, deadline);
        var results = new ArrayList<>(batch.done().stream().map(Settled::result).toList());
        batch.notStarted().forEach(target -> results.add(
                AccountResult.unknownAccount(target.accountId(), Outcome.FAILED, new Reason.NotStarted())));
        return new RunReport(results, resolution.note(), Optional.empty());
    }

    /** Handles a manual or scheduled request; when time runs out, the report carries a cursor to continue. */
    public RunReport onRequest(CheckRequest request, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, config.rolePropagationWait(), clock);
        if (request.selection() instanceof ScheduledRun run) {
            Organization organization = organization();
            var options = RunOptions.forRequest(request.dryRun().orElse(config.dryRun()), request.notifyMode());
            return scheduled.run(run, organization, options, log, deadline, remaining,
                    recorded -> target -> settle(target, organization, options, log, recorded));
        }
        Optional<String> after = request.cursor()
                .map(cursor -> RunCursor.decode(cursor, request.selection()).lastAccountId());
        Organization organization = organization();
        // The whole organization is listed once, with OU paths: its targets, and the directory when the run completes.
        Optional<List<MemberAccount>> wholeOrganization = request.selection() instanceof AllAccounts
                ? Optional.of(directory.allAccountsWithOuPaths()) : Optional.empty();
        List<Target> selected = wholeOrganization.map(accounts -> TargetResolver.after(accounts, after))
                .orElseGet(() -> targets.forSelection(request.selection(), after));
        var options = RunOptions.forRequest(request.dryRun().orElse(config.dryRun()), request.notifyMode());
        Batch<Settled> batch = check(selected, organization, options, log, deadline);
        Optional<RunCursor> next = batch.notStarted().isEmpty() ? Optional.empty()
                : Optional.of(RunCursor.after(request.selection(), batch.done().isEmpty()
                        ? after.orElse(RunCursor.BEFORE_FIRST) : batch.done().getLast().result().accountId()));
        List<AccountResult> results = options.notifyMode() == NotifyMode.DIGEST
                ? ledger.announceDigest(batch.done(), organization, options, next.isPresent(), log)
                : batch.done().stream().map(Settled::result).toList();
        next.ifPresent(cursor -> log.note("ran out of time after " + results.size() + " account(s); "
                + batch.notStarted().size() + " remain: continue with the cursor"));
        if (next.isEmpty()) {
            wholeOrganization.ifPresent(accounts -> directoryRefresh.after(accounts, organization, options, log));
        }
        return new RunReport(results, Optional.empty(),
                next.map(cursor -> new RunReport.Continuation(cursor.encode(), batch.notStarted().size())))
                .in(organization);
    }

    /** The organization, once the configuration is known to work in it (a refusal fails the invocation). */
    private Organization organization() {
        Organization organization = directory.describeOrganization();
        config.requireOrganization(organization.id());
        config.requireVerifiable(organization.managementRootArn());
        return organization;
    }

    private Batch<Settled> check(List<Target> selected, Organization organization, RunOptions options, RunLog log,
                                 Deadline deadline) {
        Function<String, Optional<StatusRecord>> recorded = selected.size() > 1
                ? ledger.prefetch(selected.stream().map(Target::accountId).toList(), log)
                : ledger.onDemand(log);
        return pool.run(selected, target -> settle(target, organization, options, log, recorded), deadline);
    }

    private Settled settle(Target target, Organization organization, RunOptions options, RunLog log,
                           Function<String, Optional<StatusRecord>> recorded) {
        AccountResult checked = target.described()
                .map(account -> accountCheck.check(organization, account, options.dryRun()))
                .orElseGet(() -> accountCheck.check(organization, target.accountId(), options.dryRun()));
        return ledger.settle(checked, organization, options, log, recorded);
    }
}
