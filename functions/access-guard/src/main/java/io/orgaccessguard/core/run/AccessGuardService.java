package io.orgaccessguard.core.run;

import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.decision.AlertPolicy;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.Scope;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.RunPlan;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.RunReport.AccountsNotStarted;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.Announcer;
import io.orgaccessguard.core.port.MemberRoles;
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
 * invocation's time, settles what people are told, and reports. A join event and a list of accounts are checked
 * within one invocation; a run over many accounts (every account, an OU, the scheduled reconcile) is a
 * {@link ResumableRun}.
 */
public final class AccessGuardService {

    private final OrganizationDirectory directory;
    private final TargetResolver targets;
    private final AccountPool pool;
    private final AnnouncementLedger ledger;
    private final AccountWork work;
    private final ResumableRun runs;
    private final RunSettings settings;
    private final Clock clock;

    /**
     * @param roles the way into member accounts, to ask who created a role an invocation that died may have made
     * @param accessDirectory rewritten after each run over the whole organization
     */
    public AccessGuardService(OrganizationDirectory directory, AccountCheck accountCheck, MemberRoles roles,
                              StatusStore statuses, RunStore runStore, Announcer announcer,
                              AccessDirectory accessDirectory, RunSettings settings, Clock clock) {
        this.directory = directory;
        this.targets = new TargetResolver(directory, settings.reconcileLookback());
        this.pool = new AccountPool(settings.maxConcurrency());
        this.ledger = new AnnouncementLedger(statuses, announcer,
                new AlertPolicy(settings.notifyOn(), settings.reminderInterval()), clock);
        this.work = new AccountWork(accountCheck, new CreationTrace(roles, settings.accessRoleName()), ledger);
        this.runs = new ResumableRun(runStore, targets, work, ledger, pool,
                new DirectoryRefresh(accessDirectory, statuses, clock), clock);
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Handles an EventBridge trigger. FAILED results are not announced here: the handler fails the invocation so
     * Lambda retries, and what still fails ends in the failed-event queue, which alarms. Accounts the invocation had
     * no time to start are FAILED too, for the same reason.
     */
    public RunReport onEvent(Trigger trigger, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, settings.propagationWait(), clock);
        if (trigger instanceof NotAJoin notAJoin) {
            log.note("skipped event: " + notAJoin.reason());
            return RunReport.skipped(notAJoin.reason());
        }
        Organization organization = organization();
        TargetResolver.Resolution resolution = targets.forJoin((AccountJoined) trigger, organization);
        resolution.notes().forEach(log::note);
        var options = RunOptions.forEvent(settings.dryRun());
        Batch<Settled> batch = check(resolution.targets(), organization, options, log, deadline);
        var results = new ArrayList<>(batch.done().stream().map(Settled::result).toList());
        batch.notStarted().forEach(target -> results.add(
                AccountResult.unknownAccount(target.accountId(), Outcome.FAILED, new Reason.NotStarted())));
        return new RunReport(results, resolution.note(), Optional.empty());
    }

    /**
     * Handles a manual or scheduled request. A list of accounts is checked in this invocation (those it had no time to
     * start are named); every other selection is a stored run, continued by the schedule until it is done.
     */
    public RunReport onRequest(CheckRequest request, RunLog log, Duration remaining) {
        Deadline deadline = Deadline.after(remaining, settings.propagationWait(), clock);
        Organization organization = organization();
        boolean dryRun = request.dryRun().orElse(settings.dryRun());
        return switch (request.selection()) {
            case AccountList list -> checkList(list, organization,
                    RunOptions.forRequest(dryRun, request.notifyMode()), log, deadline);
            case ScheduledRun scheduled -> runs.scheduled(scheduled.phase(),
                    new RunPlan(new AllAccounts(), dryRun, request.notifyMode(), true), organization, log, deadline,
                    remaining);
            case Scope scope -> runs.requested(new RunPlan(scope, dryRun, request.notifyMode(), false), organization,
                    log, deadline, remaining);
        };
    }

    private RunReport checkList(AccountList list, Organization organization, RunOptions options, RunLog log,
                                Deadline deadline) {
        Batch<Settled> batch = check(TargetResolver.forList(list), organization, options, log, deadline);
        List<AccountResult> results = options.notifyMode() == NotifyMode.DIGEST
                ? ledger.announceDigest(clock.instant().toString(), batch.done(), organization, options, log)
                : batch.done().stream().map(Settled::result).toList();
        List<String> notStarted = batch.notStarted().stream().map(Target::accountId).toList();
        if (!notStarted.isEmpty()) {
            log.note("ran out of time after " + results.size() + " account(s); " + notStarted.size()
                    + " not started: ask for them again");
        }
        return new RunReport(results, Optional.empty(), notStarted.isEmpty() ? Optional.empty()
                : Optional.of(new AccountsNotStarted(notStarted))).in(organization);
    }

    /** The organization, once the settings are known to work in it (a refusal fails the invocation). */
    private Organization organization() {
        Organization organization = directory.describeOrganization();
        settings.organizationRequirements().require(organization);
        return organization;
    }

    private Batch<Settled> check(List<Target> selected, Organization organization, RunOptions options, RunLog log,
                                 Deadline deadline) {
        Function<String, Optional<StatusRecord>> recorded = selected.size() > 1
                ? ledger.prefetch(selected.stream().map(Target::accountId).toList(), log)
                : ledger.onDemand(log);
        return pool.run(selected, target -> work.settle(target, organization, options, log, recorded, false),
                deadline);
    }
}
