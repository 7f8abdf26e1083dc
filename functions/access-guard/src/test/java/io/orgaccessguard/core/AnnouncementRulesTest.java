package io.orgaccessguard.core;

import static io.orgaccessguard.core.CoreHarness.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who hears what, and when: the announcement rules, on the core's fakes. */
class AnnouncementRulesTest {

    private static final String MEMBER = "222222222222";
    private static final String OTHER = "333333333333";

    private final CoreHarness core = new CoreHarness();

    private CheckRequest all(NotifyMode mode) {
        return new CheckRequest(new AllAccounts(), Optional.empty(), mode);
    }

    @Test
    void anUnchangedProblem_isAnnouncedOnce_thenRemindedAfterTheInterval() {
        core.organization.member(MEMBER);

        core.recheck(MEMBER);
        core.recheck(MEMBER);
        core.clock.advance(Duration.ofHours(167));
        core.recheck(MEMBER);
        assertThat(core.announcer().announced()).hasSize(1);

        core.clock.advance(Duration.ofHours(2));
        core.recheck(MEMBER);
        assertThat(core.announcer().announced()).extracting(AccountResult::outcome)
                .containsExactly(Outcome.ROLE_MISSING, Outcome.ROLE_MISSING);
    }

    @Test
    void reminders_off_announceAProblemOnlyWhenItStarts() {
        core.set(GuardConfig.REMINDER_INTERVAL_HOURS, "0");
        core.organization.member(MEMBER);

        core.recheck(MEMBER);
        core.clock.advance(Duration.ofDays(365));
        core.recheck(MEMBER);

        assertThat(core.announcer().announced()).hasSize(1);
    }

    @Test
    void verifiedAccess_isRecordedOnce_andNeverAnnounced() {
        core.organization.member(MEMBER).accessRoleAsOrganizationsMakesIt();

        core.recheck(MEMBER);
        int writesAfterFirst = core.statuses.writes();
        core.recheck(MEMBER);

        assertThat(core.announcer().announced()).isEmpty();
        assertThat(writesAfterFirst).isEqualTo(1);
        assertThat(core.statuses.writes()).as("an unchanged account writes nothing").isEqualTo(1);
        assertThat(core.statuses.recorded(MEMBER)).hasValueSatisfying(record ->
                assertThat(record.status()).isEqualTo("ACCESS_VERIFIED"));
    }

    @Test
    void lostAccess_isAnnouncedAsAChangeOfStatus() {
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "*")
                .attach(Fixtures.ADMINISTRATOR_ACCESS);
        core.recheck(MEMBER);
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, "{\"Statement\": []}");

        AccountResult result = only(core.recheck(MEMBER));

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_MISSING);
        assertThat(core.announcer().announced()).extracting(AccountResult::outcome)
                .containsExactly(Outcome.ROLE_MISSING);
    }

    @Test
    void aChangeWhoseMessageFailed_isAnnouncedByTheRetry_once() {
        core.organization.member(MEMBER).bootstrapRole();
        core.announcer().failNext();

        assertThatThrownBy(() -> core.recheck(MEMBER)).hasMessageContaining("could not be sent");
        assertThat(core.statuses.recorded(MEMBER)).hasValueSatisfying(record ->
                assertThat(record.owedChange()).contains(Outcome.ROLE_CREATED));

        AccountResult retried = only(core.recheck(MEMBER));
        core.recheck(MEMBER);

        assertThat(retried.outcome()).isEqualTo(Outcome.ROLE_CREATED);
        assertThat(retried.reason()).isInstanceOf(Reason.AnnouncedLate.class);
        assertThat(core.announcer().announced()).extracting(AccountResult::outcome)
                .containsExactly(Outcome.ROLE_CREATED);
        assertThat(core.organization.count("iam:CreateRole")).isEqualTo(1);
    }

    @Test
    void aDigestRun_sendsOneDigest_andNothingWhenRunAgainUnchanged() {
        core.organization.member(MEMBER);
        core.organization.member(OTHER).bootstrapRole();

        core.request(all(NotifyMode.DIGEST));
        core.request(all(NotifyMode.DIGEST));

        assertThat(core.announcer().announced()).isEmpty();
        assertThat(core.announcer().digests()).hasSize(1);
        assertThat(core.announcer().digests().getFirst().announced()).extracting(AccountResult::outcome)
                .containsExactlyInAnyOrder(Outcome.ROLE_MISSING, Outcome.ROLE_CREATED);
    }

    @Test
    void notifyProblems_doesNotAnnounceARoleCreated() {
        core.set(GuardConfig.NOTIFY_ON, "problems");
        core.organization.member(MEMBER).bootstrapRole();

        assertThat(only(core.recheck(MEMBER)).outcome()).isEqualTo(Outcome.ROLE_CREATED);
        assertThat(core.announcer().announced()).isEmpty();
    }

    @Test
    void notifyNone_announcesNothing_butKeepsTheStatus() {
        core.organization.member(MEMBER);

        core.request(new CheckRequest(new AllAccounts(), Optional.empty(), NotifyMode.NONE));

        assertThat(core.announcer().announced()).isEmpty();
        assertThat(core.announcer().digests()).isEmpty();
        assertThat(core.statuses.recorded(MEMBER)).isPresent();
    }

    @Test
    void aDryRun_recordsNothing() {
        core.set(GuardConfig.DRY_RUN, "true");
        core.organization.member(MEMBER);

        core.recheck(MEMBER);

        assertThat(core.statuses.writes()).isZero();
    }

    @Test
    void theEventPath_doesNotAnnounceAFailure_itFailsTheInvocationInstead() {
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.failNext("iam:CreateRole", "ServiceFailure");

        AccountResult result = only(core.join(MEMBER));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(core.announcer().announced()).isEmpty();
    }

    @Test
    void theSameJoinTwice_changesAndSaysNothingNew() {
        core.organization.member(MEMBER).bootstrapRole();

        core.join(MEMBER);
        core.join(MEMBER);

        assertThat(core.organization.count("iam:CreateRole")).isEqualTo(1);
        assertThat(core.announcer().announced()).extracting(AccountResult::outcome)
                .containsExactly(Outcome.ROLE_CREATED);
    }

    /** Issue 11: the join event's cold path builds no client it does not need. */
    @Test
    void aVerifiedJoin_leavesTheStatusStoreAlone_theReconcileRecordsIt() {
        core.organization.member(MEMBER).accessRoleAsOrganizationsMakesIt();

        assertThat(only(core.join(MEMBER)).outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
        assertThat(core.statuses.reads()).isZero();
        assertThat(core.statuses.writes()).isZero();

        core.recheck(MEMBER);
        assertThat(core.statuses.recorded(MEMBER)).hasValueSatisfying(record ->
                assertThat(record.status()).isEqualTo("ACCESS_VERIFIED"));
        assertThat(core.announcer().announced()).isEmpty();
    }
}
