package io.orgaccessguard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun.Phase;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.RecordingAccessDirectory.Published;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The access directory is rewritten after each run over the whole organization, and only then: every active member
 * account with its OU path, and the status on record once the run has recorded its own.
 */
class AccessDirectoryRunsTest {

    private static final String VERIFIED = "200000000001";
    private static final String MISSING = "200000000002";
    private static final String SUSPENDED = "200000000003";
    private static final String IN_OU = "200000000004";

    private final CoreHarness core = new CoreHarness();

    @BeforeEach
    void organization() {
        core.organization.member(VERIFIED).name("Payments Prod").accessRoleMadeByHand();
        core.organization.member(MISSING).name("Marketing Sandbox");
        core.organization.member(SUSPENDED).name("Old Analytics").state("SUSPENDED");
        core.organization.member(IN_OU).name("Data Lake Dev").under("Workloads", "Data").accessRoleMadeByHand();
    }

    private RunReport all(Optional<Boolean> dryRun) {
        return core.request(new CheckRequest(new AllAccounts(), dryRun, NotifyMode.DIGEST));
    }

    private static Map<String, String> statuses(Published published) {
        return published.statuses().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                entry -> entry.getValue().status()));
    }

    @Test
    void manualRunOverEveryAccount_writesTheDirectoryOfEveryActiveAccount_withOuPathsAndRecordedStatuses() {
        all(Optional.empty());

        assertThat(core.directory.published()).singleElement().satisfies(published -> {
            assertThat(published.accounts()).extracting(MemberAccount::id)
                    .as("active accounts: not the suspended one; the management account as itself")
                    .containsExactlyInAnyOrder(VERIFIED, MISSING, IN_OU, Fixtures.MANAGEMENT_ACCOUNT_ID);
            assertThat(published.accounts()).filteredOn(account -> account.id().equals(IN_OU))
                    .singleElement().extracting(MemberAccount::ouPath).isEqualTo(List.of("Workloads", "Data"));
            assertThat(statuses(published)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    VERIFIED, "ACCESS_VERIFIED", MISSING, "ROLE_MISSING", IN_OU, "ACCESS_VERIFIED"));
            assertThat(published.generatedAt()).isEqualTo(core.clock.instant());
        });
        assertThat(core.log.notes()).contains("access directory written: 3 active member account(s)");
    }

    @Test
    void scheduledRun_writesTheDirectoryOnceWhenItFinishes_notAfterEachInvocation() {
        IntStream.range(0, 60).forEach(i -> core.organization.member(String.format("%012d", 300_000_000_000L + i))
                .accessRoleMadeByHand());
        core.organization.onEachCall(() -> core.clock.advance(Duration.ofSeconds(1)));
        Duration littleTime = Duration.ofSeconds(50 + 5 + 60);

        core.scheduled(Phase.START, littleTime, core.log);
        int invocations = 1;
        while (!core.runs.current().orElseThrow().finished()) {
            assertThat(core.directory.published()).as("a run under way writes no directory").isEmpty();
            core.clock.advance(Duration.ofMinutes(15));
            core.scheduled(Phase.CONTINUE, littleTime, core.log);
            invocations++;
        }

        assertThat(invocations).isGreaterThan(1);
        assertThat(core.directory.published()).singleElement().satisfies(published -> {
            assertThat(published.accounts()).as("and the management account").hasSize(64);
            assertThat(statuses(published)).hasSize(63).containsEntry(MISSING, "ROLE_MISSING")
                    .containsEntry(VERIFIED, "ACCESS_VERIFIED");
            assertThat(published.accounts()).filteredOn(account -> account.id().equals(IN_OU))
                    .singleElement().extracting(MemberAccount::ouPath).isEqualTo(List.of("Workloads", "Data"));
        });
    }

    @Test
    void aRunThatStopsForTime_writesNoDirectory_untilTheSameRequestFinishesIt() {
        core.organization.onEachCall(() -> core.clock.advance(Duration.ofSeconds(20)));
        core.set(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0");

        RunReport first = core.service().onRequest(new CheckRequest(new AllAccounts(), Optional.empty(),
                NotifyMode.NONE), core.log, Duration.ofSeconds(50));

        assertThat(first.continuation()).isPresent();
        assertThat(core.directory.published()).isEmpty();

        core.service().onRequest(new CheckRequest(new AllAccounts(), Optional.empty(), NotifyMode.NONE), core.log,
                Duration.ofMinutes(15));

        assertThat(core.directory.published()).singleElement()
                .satisfies(published -> assertThat(published.accounts()).hasSize(3 + 1));
    }

    @Test
    void runsOverSomeAccounts_orDry_writeNoDirectory() {
        core.recheck(VERIFIED, MISSING);
        core.request(new CheckRequest(new OrganizationalUnit(Fixtures.ROOT_ID, true), Optional.empty(),
                NotifyMode.DIGEST));
        all(Optional.of(true));

        assertThat(core.directory.published()).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeWritten_isANote_andTheRunSucceeds() {
        core.directory.fail();

        RunReport report = all(Optional.empty());

        assertThat(report.results()).hasSize(5);
        assertThat(core.log.notes()).anySatisfy(note -> assertThat(note)
                .startsWith("access directory not written (the next full run writes it): s3:PutObject failed"));
        assertThat(core.statuses.read(MISSING)).map(StatusRecord::status).contains("ROLE_MISSING");
    }

    @Test
    void accountList_isUnchangedByTheDirectory() {
        RunReport report = core.request(new CheckRequest(new AccountList(List.of(VERIFIED)), Optional.empty(),
                NotifyMode.EACH));

        assertThat(report.organization()).contains(Fixtures.ORGANIZATION);
        assertThat(core.organization.calls()).noneMatch(call -> call.startsWith("organizations:ListRoots"));
    }
}
