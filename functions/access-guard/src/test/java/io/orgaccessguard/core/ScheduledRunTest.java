package io.orgaccessguard.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.RecordingAnnouncer.DigestSent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled reconcile over an organization too large for one invocation: each invocation is given little time,
 * and every call to AWS takes a second of the harness's clock, so the run has to continue over several.
 */
class ScheduledRunTest {

    private static final int MEMBERS = 120;
    /** The run's list is saved, and checked, in parts of this many accounts (RunProgress.CHECKPOINT_EVERY). */
    private static final int PART = 200;
    /** Enough for a few dozen accounts past the reserves (30 s per account + 15 s to wrap up + the wait). */
    private static final Duration LITTLE_TIME = Duration.ofSeconds(50 + 5 + 60);

    private final CoreHarness core = new CoreHarness();
    private List<String> members;

    @BeforeEach
    void organization() {
        members = IntStream.range(0, MEMBERS).mapToObj(i -> String.format("%012d", 200_000_000_000L + i)).toList();
        for (int i = 0; i < MEMBERS; i++) {
            var member = core.organization.member(members.get(i));
            if (i % 10 != 0) {
                member.accessRoleMadeByHand();
            }
        }
        core.organization.onEachCall(() -> core.clock.advance(Duration.ofSeconds(1)));
    }

    private Map<String, Long> probesPerAccount() {
        return core.organization.calls().stream().filter(call -> call.startsWith("sts:AssumeRole "))
                .filter(call -> call.endsWith("/" + Fixtures.ACCESS_ROLE))
                .map(call -> call.substring("sts:AssumeRole ".length(), call.indexOf('/')))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** Starts a run, then continues it (as the continue schedule does) until it is finished. */
    private int runToTheEnd() {
        core.scheduled(Phase.START, LITTLE_TIME, core.log);
        int invocations = 1;
        while (!core.runs.current().orElseThrow().finished()) {
            core.clock.advance(Duration.ofMinutes(15));
            core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
            invocations++;
            assertThat(invocations).as("the run ends").isLessThan(50);
        }
        return invocations;
    }

    @Test
    void aRunTooLargeForOneInvocation_checksEveryAccountOnce_andEndsInOneDigest() {
        int invocations = runToTheEnd();

        assertThat(invocations).as("invocations").isGreaterThan(2);
        assertThat(probesPerAccount()).as("every member probed exactly once").hasSize(MEMBERS)
                .allSatisfy((account, probes) -> assertThat(probes).isEqualTo(1L));
        assertThat(core.announcer().announced()).isEmpty();
        assertThat(core.announcer().digests()).singleElement().satisfies(digest -> {
            assertThat(digest.checked()).isEqualTo(MEMBERS + 1);
            assertThat(digest.counts()).containsEntry(Outcome.ROLE_MISSING, MEMBERS / 10)
                    .containsEntry(Outcome.ACCESS_VERIFIED, MEMBERS - MEMBERS / 10)
                    .containsEntry(Outcome.SKIPPED, 1);
            assertThat(digest.announced()).extracting(AccountResult::outcome).hasSize(MEMBERS / 10)
                    .containsOnly(Outcome.ROLE_MISSING);
        });
        assertThat(core.statuses.recorded(members.getFirst())).hasValueSatisfying(record -> {
            assertThat(record.status()).isEqualTo("ROLE_MISSING");
            assertThat(record.notifiedAt()).as("recorded once, as told by the digest").isPresent();
        });
        assertThat(core.statuses.recorded(members.get(1))).isPresent();
    }

    @Test
    void theNextRunOverAnUnchangedOrganization_sendsNoSecondDigest_andWritesNothing() {
        runToTheEnd();
        int writes = core.statuses.writes();

        runToTheEnd();

        assertThat(core.announcer().digests()).hasSize(1);
        assertThat(core.statuses.writes()).isEqualTo(writes);
    }

    @Test
    void continueWithNoRunUnderWay_doesNothing() {
        RunReport report = core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);

        assertThat(report.note()).hasValueSatisfying(note -> assertThat(note).contains("no run to continue"));
        assertThat(core.organization.calls()).containsExactly(
                "organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID);
    }

    @Test
    void aStartWhileARunIsUnfinished_resumesIt_neverRestartingFromTheTop() {
        core.scheduled(Phase.START, LITTLE_TIME, core.log);
        ReconcileRun first = core.runs.current().orElseThrow();
        core.clock.advance(Duration.ofMinutes(15));

        core.scheduled(Phase.START, LITTLE_TIME, core.log);

        ReconcileRun second = core.runs.current().orElseThrow();
        assertThat(second.runId()).isEqualTo(first.runId());
        assertThat(second.checked()).isGreaterThan(first.checked());
        assertThat(probesPerAccount().values()).containsOnly(1L);
    }

    /** A RunLog that fails the invocation after this many results, as an alert that cannot be sent would. */
    private RunLog failingAfter(int results) {
        return new RunLog() {
            private final java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public void accountResult(AccountResult result) {
                if (seen.incrementAndGet() > results) {
                    throw new IllegalStateException("the invocation dies (injected by the test)");
                }
                core.log.accountResult(result);
            }

            @Override
            public void note(String message) {
                core.log.note(message);
            }
        };
    }

    @Test
    void anInvocationThatFails_isResumedAtOnce_andNoAccountIsSkippedOrAnnouncedTwice() {
        assertThatThrownBy(() -> core.scheduled(Phase.START, Duration.ofMinutes(15), failingAfter(30)))
                .hasMessageContaining("dies");
        ReconcileRun leftBehind = core.runs.current().orElseThrow();
        assertThat(leftBehind.leaseOwner()).as("let go, so that the retry resumes at once").isEmpty();

        while (!core.runs.current().orElseThrow().finished()) {
            core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
            core.clock.advance(Duration.ofMinutes(15));
        }

        assertThat(probesPerAccount()).as("no account skipped").hasSize(MEMBERS);
        assertThat(probesPerAccount().entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .filter(account -> leftBehind.lastAccountId().map(last -> account.compareTo(last) <= 0).orElse(false))
                .toList()).as("nothing before the last checkpoint is checked again").isEmpty();
        List<DigestSent> digests = core.announcer().digests();
        assertThat(digests).singleElement().satisfies(digest -> assertThat(digest.announced())
                .extracting(AccountResult::accountId).hasSize(MEMBERS / 10).doesNotHaveDuplicates());
    }

    @Test
    void anInvocationThatDiesHoldingTheLease_isResumedOnceItRunsOut_andNoAccountIsSkippedOrAnnouncedTwice() {
        core.scheduled(Phase.START, LITTLE_TIME, core.log);
        // Killed (a timeout, a crash) right after it took the lease: nothing let it go.
        ReconcileRun taken = core.runs.current().orElseThrow();
        core.runs.save(taken.leasedTo("a-dead-invocation", core.clock.instant().plus(Duration.ofMinutes(15))),
                taken.version());

        RunReport tooEarly = core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
        assertThat(tooEarly.note()).hasValueSatisfying(note -> assertThat(note).contains("another invocation until"));

        core.clock.advance(Duration.ofMinutes(16));
        while (!core.runs.current().orElseThrow().finished()) {
            core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
            core.clock.advance(Duration.ofMinutes(15));
        }

        // Past the dead invocation's last checkpoint, a role found working is also asked who made it (one more
        // AssumeRole and GetRole): so results, not probes, show that no account was checked twice.
        assertThat(core.log.results().stream().collect(Collectors.groupingBy(AccountResult::accountId,
                Collectors.counting()))).as("every account checked exactly once").hasSize(MEMBERS + 1)
                .allSatisfy((account, results) -> assertThat(results).isEqualTo(1L));
        assertThat(core.announcer().digests()).singleElement().satisfies(digest -> assertThat(digest.announced())
                .extracting(AccountResult::accountId).hasSize(MEMBERS / 10).doesNotHaveDuplicates());
    }

    @Test
    void rolesCreatedByAnInvocationThatDied_areAnnouncedAsCreatedByTheRun_neverAsVerified() {
        var bootstrapped = new java.util.ArrayList<String>();
        for (int i = 0; i < MEMBERS; i += 10) {
            core.organization.member(members.get(i)).bootstrapRole();
            bootstrapped.add(members.get(i));
        }
        assertThatThrownBy(() -> core.scheduled(Phase.START, Duration.ofMinutes(15), failingAfter(60)))
                .hasMessageContaining("dies");
        long createdBeforeTheDeath = core.organization.count("iam:CreateRole");
        assertThat(createdBeforeTheDeath).as("the dead invocation created roles").isPositive();

        while (!core.runs.current().orElseThrow().finished()) {
            core.scheduled(Phase.CONTINUE, LITTLE_TIME, core.log);
            core.clock.advance(Duration.ofMinutes(15));
        }

        assertThat(core.organization.count("iam:CreateRole")).as("each role created once")
                .isEqualTo(bootstrapped.size());
        assertThat(core.announcer().digests()).singleElement().satisfies(digest -> {
            assertThat(digest.announced()).extracting(AccountResult::accountId)
                    .containsExactlyInAnyOrderElementsOf(bootstrapped);
            assertThat(digest.announced()).extracting(AccountResult::outcome).containsOnly(Outcome.ROLE_CREATED);
            assertThat(digest.counts()).doesNotContainKey(Outcome.ROLE_MISSING)
                    .containsEntry(Outcome.ROLE_CREATED, bootstrapped.size());
        });
        assertThat(core.log.results()).filteredOn(result -> result.reason() instanceof Reason.CreatedByLostInvocation)
                .as("found working after the death, and told as created").isNotEmpty();
    }

    @Test
    void aListingThatFails_isResumedWhereItStopped_andNoAccountIsListedTwiceOrSkipped() {
        core.organization.failAfter("organizations:ListAccountsForParent", 3, "TooManyRequestsException");

        assertThatThrownBy(() -> core.scheduled(Phase.START, Duration.ofMinutes(15), core.log))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("organizations:ListAccountsForParent");

        ReconcileRun interrupted = core.runs.current().orElseThrow();
        assertThat(interrupted.listed()).isFalse();
        assertThat(interrupted.checked()).as("the three pages listed were saved and checked").isEqualTo(60);
        assertThat(interrupted.leaseOwner()).as("let go, so that the retry resumes at once").isEmpty();

        core.scheduled(Phase.CONTINUE, Duration.ofMinutes(15), core.log);

        ReconcileRun resumed = core.runs.current().orElseThrow();
        assertThat(resumed.runId()).isEqualTo(interrupted.runId());
        assertThat(resumed.finished()).isTrue();
        assertThat(core.runs.accounts(resumed.runId())).extracting(account -> account.id())
                .doesNotHaveDuplicates().hasSize(MEMBERS + 1);
        assertThat(probesPerAccount()).as("every member probed exactly once").hasSize(MEMBERS)
                .allSatisfy((account, probes) -> assertThat(probes).isEqualTo(1L));
        assertThat(core.announcer().digests()).singleElement()
                .satisfies(digest -> assertThat(digest.checked()).isEqualTo(MEMBERS + 1));
    }

    @Test
    void theFirstAccountsAreChecked_whileTheRestOfTheOrganizationIsListed() {
        IntStream.range(MEMBERS, 4 * PART).forEach(i ->
                core.organization.member(String.format("%012d", 200_000_000_000L + i)).accessRoleMadeByHand());
        var firstCheck = new CountDownLatch(1);
        var listingWaited = new AtomicBoolean();
        core.organization.onEachCall(call -> {
            if (call.startsWith("sts:AssumeRole ")) {
                firstCheck.countDown();
            } else if (call.equals("organizations:ListAccountsForParent page " + (PART / 20 + 1))) {
                // A page past the first part: if the checks waited for the whole listing, nothing would check.
                listingWaited.set(await(firstCheck));
            }
        });

        core.scheduled(Phase.START, Duration.ofMinutes(15), core.log);

        assertThat(listingWaited).as("an account was checked before the listing read its next page").isTrue();
        assertThat(core.runs.current().orElseThrow().finished()).isTrue();
        assertThat(core.announcer().digests()).singleElement()
                .satisfies(digest -> assertThat(digest.checked()).isEqualTo(4 * PART + 1));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
