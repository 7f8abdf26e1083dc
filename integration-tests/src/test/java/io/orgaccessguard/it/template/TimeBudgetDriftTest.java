package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.run.Deadline;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.localinvoke.template.SamFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every propagation wait the template admits leaves each function that reads it the time to start an account, judged
 * by the function's own {@link Deadline} (not by a copy of its reserves): deployed with the wait at each of its
 * bounds, a run that has used its first {@link #RUN_START_ALLOWANCE} still starts an account.
 */
class TimeBudgetDriftTest {

    /** What a run spends before its first account (the event, the Organizations calls, a cold start's SDK set-up). */
    static final Duration RUN_START_ALLOWANCE = Duration.ofSeconds(15);

    static Stream<String> waitsTheTemplateAdmits() {
        Map<?, ?> parameters = (Map<?, ?>) Templates.load().tree().get("Parameters");
        Map<?, ?> parameter = (Map<?, ?>) parameters.get("RolePropagationWaitSeconds");
        List<String> values = new ArrayList<>();
        for (String bound : List.of("MinValue", "Default", "MaxValue")) {
            assertThat(parameter.get(bound)).as("RolePropagationWaitSeconds.%s", bound).isNotNull();
            values.add(String.valueOf(parameter.get(bound)));
        }
        return values.stream();
    }

    @ParameterizedTest
    @MethodSource("waitsTheTemplateAdmits")
    void everyFunctionThatWaitsForRoles_startsAnAccount_withTheWaitAt(String wait) {
        List<SamFunction> waiting = Templates.deployed(Map.of("RolePropagationWaitSeconds", wait)).functions().stream()
                .filter(f -> f.resolvedEnvironmentVariables().containsKey(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS))
                .toList();
        assertThat(waiting).extracting(SamFunction::logicalId)
                .containsExactlyInAnyOrder("JoinEventFunction", "ManualCheckFunction");

        for (SamFunction function : waiting) {
            Duration propagationWait = GuardConfig.from(function.resolvedEnvironmentVariables()).rolePropagationWait();
            Duration remaining = Duration.ofSeconds(function.timeout()).minus(RUN_START_ALLOWANCE);

            assertThat(Deadline.after(remaining, propagationWait).allowsAnotherAccount())
                    .as("%s (Timeout %d s) with RolePropagationWaitSeconds=%s: does its Deadline let it start an account"
                            + " %s into the run?", function.logicalId(), function.timeout(), wait, RUN_START_ALLOWANCE)
                    .isTrue();
        }
    }
}
