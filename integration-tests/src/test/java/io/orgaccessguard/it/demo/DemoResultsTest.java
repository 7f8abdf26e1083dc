package io.orgaccessguard.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The demo organization's restricted accounts (issue 18), as {@link Demo} shows them: the function's results through
 * its handler on the emulator's demo seed.
 */
class DemoResultsTest {

    private static final String BOUNDARY_ACCOUNT = "141414141414";
    private static final String DENY_ACCOUNT = "151515151515";
    private static final String QUARANTINED_ACCOUNT = "161616161616";

    @Test
    void theDemosRestrictedAccounts_areNeverVerified_andEachSaysWhy() {
        try (Guard guard = Guard.start(OrganizationSeed.demo(), EmulatorOptions.builder().seed(1).build(),
                Map.of())) {
            Report report = guard.manual("{\"accountIds\": [\"" + BOUNDARY_ACCOUNT + "\", \"" + DENY_ACCOUNT
                    + "\", \"" + QUARANTINED_ACCOUNT + "\"]}");

            System.out.println("[demo] " + report.results());
            assertThat(report.outcome(BOUNDARY_ACCOUNT)).isEqualTo("ACCESS_RESTRICTED");
            assertThat(String.valueOf(report.result(BOUNDARY_ACCOUNT).get("reason"))).contains("permissions boundary");
            // A Deny of everything also refuses asking IAM and reading the role's policies; without a bootstrap role
            // in that account nothing can read them, so it is undetermined: never verified.
            assertThat(report.outcome(DENY_ACCOUNT)).isIn("ACCESS_RESTRICTED", "ACCESS_UNDETERMINED");
            assertThat(report.outcome(QUARANTINED_ACCOUNT)).isEqualTo("ACCESS_RESTRICTED");
            assertThat(String.valueOf(report.result(QUARANTINED_ACCOUNT).get("reason"))).contains("SCP");
        }
    }
}
