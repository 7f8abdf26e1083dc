package io.orgaccessguard.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.decision.AlertPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusRecordTest {

    private static final Instant EARLIER = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-20T09:05:00Z");
    private static final AlertPolicy POLICY = new AlertPolicy(NotifyOn.CHANGES, Duration.ofDays(7));

    private static final String ROLE = "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole";

    private static AccountResult result(Outcome outcome, Action... actions) {
        return new AccountResult("333333333333", "Data Lake Dev", "INVITED", outcome, new Reason.Assumed(ROLE),
                Optional.empty(), List.of(actions), Optional.empty());
    }

    @ParameterizedTest
    @CsvSource({"ROLE_CREATED, ROLE_CREATED", "ROLE_CREATED_UNVERIFIED, ROLE_CREATED",
            "ROLE_COMPLETED, ROLE_COMPLETED", "TRUST_REPAIRED, TRUST_REPAIRED"})
    void changeOf_aChange_isTheChangeAsItReadsOnceVerified(Outcome outcome, Outcome change) {
        assertThat(StatusRecord.changeOf(result(outcome))).contains(change);
    }

    @Test
    void changeOf_repairedUnverified_tellsATrustRepairFromCompletedPolicies() {
        assertThat(StatusRecord.changeOf(result(Outcome.REPAIRED_UNVERIFIED,
                new Action.TrustUpdated(ROLE, List.of("arn:aws:iam::111111111111:root")))))
                .contains(Outcome.TRUST_REPAIRED);
        assertThat(StatusRecord.changeOf(result(Outcome.REPAIRED_UNVERIFIED,
                new Action.PolicyAttached(ROLE, "arn:aws:iam::aws:policy/X"))))
                .contains(Outcome.ROLE_COMPLETED);
    }

    @ParameterizedTest
    @CsvSource({"ACCESS_VERIFIED", "ROLE_MISSING", "FAILED", "SKIPPED", "WOULD_CREATE"})
    void changeOf_noChange_isEmpty(Outcome outcome) {
        assertThat(StatusRecord.changeOf(result(outcome))).isEmpty();
    }

    @Test
    void owedChange_onlyWhileTheAnnouncementIsPending() {
        StatusRecord owing = new StatusRecord("ACCESS_VERIFIED", NOW, Optional.of(EARLIER)).owing(Outcome.ROLE_CREATED);

        assertThat(owing.owedChange()).contains(Outcome.ROLE_CREATED);
        assertThat(owing.notified(NOW).owedChange()).isEmpty();
        assertThat(new StatusRecord("ACCESS_VERIFIED", NOW, Optional.empty()).owedChange()).isEmpty();
    }

    @Test
    void decide_aFreshChange_startsANewRecordWithoutOwingItYet() {
        var previous = Optional.of(new StatusRecord("ACCESS_VERIFIED", EARLIER, Optional.of(EARLIER)));

        AlertPolicy.Decision decision = POLICY.decide(result(Outcome.ROLE_COMPLETED), previous, NOW);

        assertThat(decision.announce()).isTrue();
        assertThat(decision.recordChanged()).isTrue();
        assertThat(decision.record()).contains(new StatusRecord("ACCESS_VERIFIED", NOW, Optional.of(EARLIER)));
    }

    @Test
    void decide_theChangeARecordOwes_keepsThatRecordAndAnnouncesIt() {
        StatusRecord owing = new StatusRecord("ACCESS_VERIFIED", EARLIER, Optional.empty()).owing(Outcome.ROLE_CREATED);

        AlertPolicy.Decision decision = POLICY.decide(result(Outcome.ROLE_CREATED), Optional.of(owing), NOW);

        assertThat(decision.announce()).isTrue();
        assertThat(decision.recordChanged()).isFalse();
        assertThat(decision.record()).contains(owing);
    }

    @Test
    void decide_verifiedAgainWithAnOwedChange_announcesNothingByItself() {
        StatusRecord owing = new StatusRecord("ACCESS_VERIFIED", EARLIER, Optional.empty()).owing(Outcome.ROLE_CREATED);

        AlertPolicy.Decision decision = POLICY.decide(result(Outcome.ACCESS_VERIFIED), Optional.of(owing), NOW);

        assertThat(decision.announce()).as("the service turns it into the owed announcement").isFalse();
        assertThat(decision.record()).contains(owing);
    }
}
