package io.orgaccessguard.core;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.handler.ServiceFactory;
import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.check.PropagationWait;
import io.orgaccessguard.core.check.RepairRights;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.InMemoryRunStore;
import io.orgaccessguard.testsupport.InMemoryStatusStore;
import io.orgaccessguard.testsupport.MutableClock;
import io.orgaccessguard.testsupport.RecordingAccessDirectory;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import io.orgaccessguard.testsupport.RecordingRunLog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The core wired on its in-memory fakes, as ServiceFactory wires it on AWS. */
final class CoreHarness {

    static final Instant START = Instant.parse("2026-12-01T08:00:00Z");

    final InMemoryOrganization organization = new InMemoryOrganization();
    final InMemoryStatusStore statuses = new InMemoryStatusStore();
    final InMemoryRunStore runs = new InMemoryRunStore();
    final MutableClock clock = new MutableClock(START);
    final RecordingRunLog log = new RecordingRunLog();
    final RecordingAccessDirectory directory = new RecordingAccessDirectory();
    private final Map<String, String> env = new HashMap<>(Map.of(
            GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE,
            GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN,
            GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "5"));
    private RecordingAnnouncer announcer;

    CoreHarness set(String variable, String value) {
        env.put(variable, value);
        announcer = null;
        return this;
    }

    GuardConfig config() {
        return GuardConfig.from(env);
    }

    RecordingAnnouncer announcer() {
        if (announcer == null) {
            announcer = new RecordingAnnouncer(config().notifyOn());
        }
        return announcer;
    }

    AccessGuardService service() {
        GuardConfig config = config();
        var check = new AccountCheck(organization, organization, config.accessRole(),
                new RepairRights(config.bootstrapRoleNames(), config.repairTrust()), config.region(),
                new PropagationWait(config.rolePropagationWait(), Duration.ofMillis(20), Duration.ofMillis(200)));
        return new AccessGuardService(organization, check, organization, statuses, runs, announcer(), directory,
                ServiceFactory.runSettings(config), clock);
    }

    /** A manual re-check of these accounts, one message per account. */
    RunReport recheck(String... accountIds) {
        return request(new CheckRequest(new AccountList(List.of(accountIds)), Optional.empty(), NotifyMode.EACH));
    }

    RunReport request(CheckRequest request) {
        return service().onRequest(request, log, Duration.ofMinutes(15));
    }

    /** One invocation of the scheduled reconcile, with this much of Lambda's time left. */
    RunReport scheduled(CheckRequest.ScheduledRun.Phase phase, Duration remaining, RunLog runLog) {
        return service().onRequest(new CheckRequest(new CheckRequest.ScheduledRun(phase), Optional.empty(),
                NotifyMode.DIGEST), runLog, remaining);
    }

    RunReport join(String... accountIds) {
        return service().onEvent(new Trigger.AccountJoined("AccountJoinedOrganization", List.of(accountIds),
                Optional.empty(), Optional.empty(), clock.instant()), log, Duration.ofMinutes(5));
    }

    /** The one result of a one-account report. */
    static AccountResult only(RunReport report) {
        if (report.results().size() != 1) {
            throw new AssertionError("expected one result, got " + report.results());
        }
        return report.results().getFirst();
    }
}
