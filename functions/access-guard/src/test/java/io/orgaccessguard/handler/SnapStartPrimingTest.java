package io.orgaccessguard.handler;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.check.AccountResult;
import io.orgaccessguard.check.Outcome;
import io.orgaccessguard.check.RunReport;
import io.orgaccessguard.config.GuardConfig;
import java.net.URI;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The priming really runs the two paths it is for, through the handler's code and the SDK, against its stand-in only:
 * the "real" clients here point at a port nothing listens on, so a request that escaped the stand-in would fail.
 */
class SnapStartPrimingTest {

    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    @Test
    void priming_verifiesOneAccountAndCreatesTheRoleInTheOther_onTheStandInOnly() throws Exception {
        GuardConfig config = GuardConfig.from(Map.of(
                GuardConfig.BOOTSTRAP_ROLE_NAMES, "OrgAccessGuardBootstrap",
                GuardConfig.NOTIFICATION_TOPIC_ARN, "arn:aws:sns:us-east-1:000000000000:alerts",
                GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0"));
        try (AwsClients clients = AwsClients.forEndpoint(NOWHERE, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDREAL", "real")))) {

            RunReport report = new SnapStartPriming(config, clients).prime();

            Map<String, Outcome> outcomes = report.results().stream()
                    .collect(Collectors.toMap(AccountResult::accountId, AccountResult::outcome));
            assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of(
                    PrimingAws.WITH_ROLE, Outcome.ACCESS_VERIFIED,
                    PrimingAws.WITHOUT_ROLE, Outcome.ROLE_CREATED));
            assertThat(report.results()).filteredOn(r -> r.outcome() == Outcome.ROLE_CREATED)
                    .allSatisfy(r -> assertThat(r.notificationMessageId()).as("the alert was published")
                            .contains("priming"));
        }
    }

    @Test
    void priming_withoutBootstrapRolesOrTopic_stillRunsAndReportsTheMissingRole() throws Exception {
        GuardConfig config = GuardConfig.from(Map.of());
        try (AwsClients clients = AwsClients.forEndpoint(NOWHERE, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDREAL", "real")))) {

            RunReport report = new SnapStartPriming(config, clients).prime();

            assertThat(report.results()).extracting(AccountResult::outcome)
                    .containsExactlyInAnyOrder(Outcome.ACCESS_VERIFIED, Outcome.ROLE_MISSING);
        }
    }
}
