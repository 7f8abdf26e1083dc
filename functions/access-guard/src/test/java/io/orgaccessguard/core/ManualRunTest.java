package io.orgaccessguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.RunReport.RunUnderWay;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A person's run over every account (or an OU) is the same stored, leased run as the scheduled reconcile: too large
 * for one invocation, it is continued by the same request (or the continue schedule) and ends in one digest.
 */
class ManualRunTest {

    private static final int MEMBERS = 60;
    /** Enough for a few dozen accounts past the reserves (30 s per account + 15 s to wrap up + the wait). */
    private static final Duration LITTLE_TIME = Duration.ofSeconds(50 + 5 + 25);
    private static final CheckRequest ALL = new CheckRequest(new AllAccounts(), Optional.empty(), NotifyMode.DIGEST);

    private final CoreHarness core = new CoreHarness();

    @BeforeEach
    void organization() {
        for (int i = 0; i < MEMBERS; i++) {
            var member = core.organization.member(String.format("%012d", 200_000_000_000L + i));
            if (i % 10 != 0) {
                member.accessRoleMadeByHand();
            }
        }
        core.organization.onEachCall(() -> core.clock.advance(Duration.ofSeconds(1)));
    }

    private RunReport invoke(CheckRequest request, Duration remaining) {
        return core.service().onRequest(request, core.log, remaining);
    }

    private Map<String, Long> probesPerAccount() {
        return core.organization.calls().stream().filter(call -> call.startsWith("sts:AssumeRole "))
                .filter(call -> call.endsWith("/" + Fixtures.ACCESS_ROLE))
                .map(call -> call.substring("sts:AssumeRole ".length(), call.indexOf('/')))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void allAccountsNeedingThreeInvocations_isContinuedByTheSameRequest_andEndsInOneDigest() {
        int invocations = 0;
        RunReport report;
        do {
            report = invoke(ALL, LITTLE_TIME);
            invocations++;
            if (report.continuation().isPresent()) {
                assertThat(report.continuation().get()).isInstanceOfSatisfying(RunUnderWay.class, run ->
                        assertThat(run.runId()).isEqualTo(core.runs.current().orElseThrow().runId()));
                assertThat(core.announcer().digests()).as("no digest before the run ends").isEmpty();
            }
            core.clock.advance(Duration.ofMinutes(1));
        } while (report.continuation().isPresent() && invocations < 30);

        assertThat(invocations).as("invocations").isGreaterThanOrEqualTo(3);
        assertThat(report.finishedRun()).isPresent();
        assertThat(probesPerAccount()).as("every member probed exactly once").hasSize(MEMBERS)
                .allSatisfy((account, probes) -> assertThat(probes).isEqualTo(1L));
        assertThat(core.announcer().digests()).singleElement().satisfies(digest -> {
            assertThat(digest.checked()).isEqualTo(MEMBERS + 1);
            assertThat(digest.announced()).extracting(AccountResult::outcome).hasSize(MEMBERS / 10)
                    .containsOnly(Outcome.ROLE_MISSING);
        });
    }

    @Test
    void aRunStoppedForTime_isContinuedByTheContinueSchedule() {
        invoke(ALL, LITTLE_TIME);
        String runId = core.runs.current().orElseThrow().runId();

        while (!core.runs.current().orElseThrow().finished()) {
            core.clock.advance(Duration.ofMinutes(15));
            core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
        }

        assertThat(core.runs.current().orElseThrow().runId()).isEqualTo(runId);
        assertThat(core.announcer().digests()).singleElement()
                .satisfies(digest -> assertThat(digest.runId()).isEqualTo(runId));
    }

    @Test
    void aRequestForAnotherScope_whileARunIsUnderWay_isRefusedNamingIt_andChangesNothing() {
        invoke(ALL, LITTLE_TIME);
        ReconcileRun underWay = core.runs.current().orElseThrow();
        int calls = core.organization.calls().size();

        RunReport refused = invoke(new CheckRequest(new OrganizationalUnit(Fixtures.ROOT_ID, true), Optional.empty(),
                NotifyMode.DIGEST), LITTLE_TIME);

        assertThat(refused.results()).isEmpty();
        assertThat(refused.note()).hasValueSatisfying(note -> assertThat(note).contains(underWay.runId(),
                "every account", "one run at a time", "{\"reconcile\": \"continue\"}"));
        assertThat(refused.continuation()).containsInstanceOf(RunUnderWay.class);
        assertThat(core.runs.current()).contains(underWay);
        assertThat(core.organization.calls().subList(calls, core.organization.calls().size()))
                .containsExactly("organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID);
    }

    @Test
    void aRequestWhileAnotherInvocationHoldsTheLease_isRefusedNamingTheRunAndWhenTheLeaseEnds() {
        invoke(ALL, LITTLE_TIME);
        ReconcileRun stopped = core.runs.current().orElseThrow();
        ReconcileRun held = stopped.leasedTo("another-invocation", core.clock.instant().plus(Duration.ofMinutes(10)));
        core.runs.save(held, stopped.version());

        RunReport refused = invoke(ALL, LITTLE_TIME);

        assertThat(refused.results()).isEmpty();
        assertThat(refused.note()).hasValueSatisfying(note -> assertThat(note).contains(held.runId(),
                "another invocation until " + held.leaseUntil().orElseThrow()));
        assertThat(core.runs.current()).contains(held);
    }

    @Test
    void anOuRun_coversItsAccountsOnly_andEndsInOneDigestOverThem() {
        RunReport report = invoke(new CheckRequest(new OrganizationalUnit(Fixtures.ROOT_ID, true),
                Optional.empty(), NotifyMode.DIGEST), Duration.ofMinutes(15));

        assertThat(report.finishedRun()).isPresent();
        assertThat(core.announcer().digests()).singleElement().satisfies(digest ->
                assertThat(digest.announced()).hasSize(MEMBERS / 10));
        assertThat(core.directory.published()).as("not the whole organization: no directory").isEmpty();
        List<String> ids = IntStream.range(0, MEMBERS).mapToObj(i -> String.format("%012d", 200_000_000_000L + i))
                .toList();
        assertThat(probesPerAccount().keySet()).containsExactlyInAnyOrderElementsOf(ids);
    }
}
