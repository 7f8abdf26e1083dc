package io.orgaccessguard.core.model;

import static org.assertj.core.api.Assertions.assertThat;


import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NotifyOnTest {

    /** What a person must act on or look at. */
    private static final Set<Outcome> PROBLEMS = EnumSet.of(Outcome.ROLE_CREATED_UNVERIFIED,
            Outcome.REPAIRED_UNVERIFIED, Outcome.TRUST_MISMATCH, Outcome.ROLE_INCOMPLETE, Outcome.ROLE_MISSING,
            Outcome.FAILED, Outcome.ACCESS_RESTRICTED, Outcome.ACCESS_UNDETERMINED, Outcome.POLICY_MISSING);
    /** Problems plus what this tool changed. */
    private static final Set<Outcome> CHANGES = EnumSet.of(Outcome.ROLE_CREATED_UNVERIFIED,
            Outcome.REPAIRED_UNVERIFIED, Outcome.TRUST_MISMATCH, Outcome.ROLE_INCOMPLETE, Outcome.ROLE_MISSING,
            Outcome.FAILED, Outcome.ROLE_CREATED, Outcome.ROLE_COMPLETED, Outcome.TRUST_REPAIRED,
            Outcome.ACCESS_RESTRICTED, Outcome.ACCESS_UNDETERMINED, Outcome.POLICY_MISSING);

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void wants_problems_onlyOutcomesThatNeedAPerson(Outcome outcome) {
        assertThat(NotifyOn.PROBLEMS.wants(outcome)).isEqualTo(PROBLEMS.contains(outcome));
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void wants_changes_problemsAndChangesButNotReadOnlyOrDryRunResults(Outcome outcome) {
        assertThat(NotifyOn.CHANGES.wants(outcome)).isEqualTo(CHANGES.contains(outcome));
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = "SKIPPED", mode = EnumSource.Mode.EXCLUDE)
    void wants_all_everyOutcomeButSkipped(Outcome outcome) {
        assertThat(NotifyOn.ALL.wants(outcome)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(NotifyOn.class)
    void wants_skipped_isNeverWanted(NotifyOn notifyOn) {
        assertThat(notifyOn.wants(Outcome.SKIPPED)).isFalse();
    }
}
