package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.handler.JoinNotHandledException;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of AWS itself: throttling, server errors, dropped connections, an endpoint that restarts. Each time the
 * outcome is the one a healthy AWS gives, and running the same event or request again converges: no work repeated,
 * no message repeated.
 */
class AwsFaultsTest {

    private static final List<String> SERVICES = List.of("sts", "iam", "organizations", "sns");

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    /** The join of the account with only a bootstrap role ends as it does on a healthy AWS: created, announced once. */
    private void roleCreatedOnce(Report report) {
        assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
        assertThat(Calls.succeeded(guard, "CreateRole")).hasSize(1);
        assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                .containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(guard.aws().publishedMessages()).singleElement()
                .satisfies(message -> assertThat(message.subject()).contains("ROLE_CREATED: " + WITH_BOOTSTRAP_ONLY));
    }

    /** The same event again, on a healthy AWS: verified, nothing written, nothing published. */
    private void retryConverges(String event) {
        guard.aws().faults().clearScripted();
        guard.aws().clearCalls();
        int messages = guard.aws().publishedMessages().size();
        Report again = guard.joinEvent(event);
        assertThat(again.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ACCESS_VERIFIED");
        assertThat(Calls.writes(guard)).as("nothing done twice").isEmpty();
        assertThat(guard.aws().publishedMessages()).as("nothing announced twice").hasSize(messages);
    }

    private List<String> errorCodes(String service) {
        return guard.aws().calls().stream().filter(call -> call.service().equals(service))
                .map(CallRecord::errorCode).filter(code -> code != null).distinct().toList();
    }

    @Test
    void throttlingStormOnEveryService_theJoinIsHandledAndTheRetryConverges() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .throttle("sts", 3).throttle("iam", 3).throttle("organizations", 3).throttle("sns", 1).build(),
                Map.of());
        SERVICES.forEach(service -> guard.aws().faults().failNext(service, Faults.ANY_ACTION, 3,
                Faults.throttled(service).code(), Faults.throttled(service).status()));
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        Report report = guard.joinEvent(event);

        roleCreatedOnce(report);
        assertThat(errorCodes("sts")).contains("Throttling");
        assertThat(errorCodes("iam")).contains("Throttling");
        assertThat(errorCodes("organizations")).contains("TooManyRequestsException");
        assertThat(errorCodes("sns")).contains("Throttled");
        retryConverges(event);
    }

    @Test
    void throttlingStormOnEveryService_aBackfillFinishesEveryAccountAndTheNextChangesNothing() {
        guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().seed(7)
                .throttle("sts", 2).throttle("iam", 2).throttle("organizations", 2).throttle("sns", 1).build(),
                Map.of(GuardConfig.MAX_CONCURRENCY, "8"));

        Report first = guard.manual("{\"all\": true}");

        assertThat(first.summary()).doesNotContainKey("FAILED").containsEntry("ROLE_CREATED", 1)
                .containsEntry("ROLE_MISSING", 1).containsEntry("TRUST_MISMATCH", 1)
                .containsEntry("ACCESS_VERIFIED", 1).containsEntry("SKIPPED", 2);
        assertThat(guard.aws().publishedMessages()).as("one digest").hasSize(1);
        guard.aws().clearCalls();

        Report second = guard.manual("{\"all\": true}");

        assertThat(second.summary()).doesNotContainKey("FAILED").containsEntry("ACCESS_VERIFIED", 2);
        assertThat(Calls.writes(guard)).isEmpty();
        assertThat(guard.aws().publishedMessages()).hasSize(1);
    }

    @Test
    void serverErrorsOnEveryService_areRetriedAndTheOutcomeIsRight() {
        guard = Guard.start(Accounts.organization().build());
        guard.aws().faults().failNext("sts", Faults.ANY_ACTION, 2, "InternalFailure", 500);
        guard.aws().faults().failNext("iam", Faults.ANY_ACTION, 2, "ServiceFailure", 500);
        guard.aws().faults().failNext("organizations", Faults.ANY_ACTION, 2, "ServiceException", 500);
        guard.aws().faults().failNext("sns", Faults.ANY_ACTION, 2, "InternalError", 500);
        guard.aws().faults().failNext("iam", "CreateRole", 2, "ServiceUnavailable", 503);
        guard.aws().faults().failNext("organizations", "DescribeAccount", 2, "ServiceUnavailableException", 503);
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        Report report = guard.joinEvent(event);

        roleCreatedOnce(report);
        assertThat(errorCodes("iam")).contains("ServiceFailure", "ServiceUnavailable");
        assertThat(errorCodes("organizations")).contains("ServiceException", "ServiceUnavailableException");
        retryConverges(event);
    }

    @Test
    void serverErrorsBeyondTheSdkRetries_failTheJoinSoLambdaRetriesAndTheRetryConverges() {
        guard = Guard.start(Accounts.organization().build());
        guard.aws().faults().failNext("iam", "CreateRole", 50, "ServiceFailure", 500);
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        assertThatThrownBy(() -> guard.joinEvent(event)).isInstanceOf(JoinNotHandledException.class)
                .hasMessageContaining(WITH_BOOTSTRAP_ONLY).hasMessageContaining("iam:CreateRole failed: ServiceFailure");
        assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE)).as("nothing half-made").isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();
        guard.aws().faults().clearScripted();

        roleCreatedOnce(guard.joinEvent(event));
        retryConverges(event);
    }

    @Test
    void droppedConnectionsOnEveryService_areRetriedAndTheOutcomeIsRight() {
        guard = Guard.start(Accounts.organization().build());
        SERVICES.forEach(service -> guard.aws().faults().dropNext(service, Faults.ANY_ACTION, 2));
        guard.aws().faults().dropNext("iam", "CreateRole", 1);
        guard.aws().faults().dropNext("sns", "Publish", 1);
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        Report report = guard.joinEvent(event);

        roleCreatedOnce(report);
        SERVICES.forEach(service -> assertThat(errorCodes(service)).as(service).contains("ConnectionDropped"));
        retryConverges(event);
    }

    @Test
    void droppedConnectionsBeyondTheSdkRetries_failTheJoinAndTheRetryConverges() {
        guard = Guard.start(Accounts.organization().build());
        guard.aws().faults().dropNext("sts", "AssumeRole", 40);
        String event = EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY);

        assertThatThrownBy(() -> guard.joinEvent(event)).isInstanceOf(JoinNotHandledException.class)
                .hasMessageContaining("sts:AssumeRole failed");
        assertThat(Calls.intoAccounts(guard)).filteredOn(CallRecord::succeeded).isEmpty();
        assertThat(guard.aws().publishedMessages()).isEmpty();
        guard.aws().faults().clearScripted();

        roleCreatedOnce(guard.joinEvent(event));
        retryConverges(event);
    }

    @Test
    void emulatorRestartingMidBackfill_everyAccountEndsRightAndTheNextBackfillChangesNothing() throws Exception {
        OrganizationSeed.Builder organization = OrganizationSeed.builder().organizationId(Fixtures.ORGANIZATION_ID)
                .managementAccount(Accounts.management());
        for (int i = 0; i < 45; i++) {
            String id = String.valueOf(400_000_000_000L + i);
            var account = Accounts.member(id, "Workload " + i);
            switch (i % 3) {
                case 0 -> account.role(Accounts.accessRole());
                case 1 -> account.role(Accounts.bootstrapRole(id));
                default -> { }
            }
            organization.account(account.build());
        }
        guard = Guard.start(organization.build(), EmulatorOptions.builder().seed(7)
                .latency(Duration.ofMillis(15)).build(), Map.of(GuardConfig.MAX_CONCURRENCY, "4"));
        var running = new AtomicBoolean(true);
        var restarts = new AtomicInteger();
        Thread restarter = Thread.ofPlatform().start(() -> {
            while (running.get() && restarts.get() < 4) {
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    return;
                }
                if (running.get()) {
                    guard.aws().restart();
                    restarts.incrementAndGet();
                }
            }
        });

        Report first;
        try {
            first = guard.manual("{\"all\": true}");
        } finally {
            running.set(false);
            restarter.join();
        }

        assertThat(restarts.get()).as("the emulator restarted during the run").isPositive();
        assertThat(first.summary()).doesNotContainKey("FAILED").containsEntry("ACCESS_VERIFIED", 15)
                .containsEntry("ROLE_MISSING", 15).containsEntry("SKIPPED", 1);
        assertThat(first.summary().getOrDefault("ROLE_CREATED", 0)).isEqualTo(15);
        for (int i = 1; i < 45; i += 3) {
            assertThat(guard.aws().role(String.valueOf(400_000_000_000L + i), ACCESS_ROLE).orElseThrow()
                    .attachedPolicyArns()).containsExactly(ADMINISTRATOR_ACCESS);
        }
        assertThat(guard.aws().publishedMessages()).as("the digest").isNotEmpty();
        int messages = guard.aws().publishedMessages().size();
        guard.aws().clearCalls();

        Report second = guard.manual("{\"all\": true}");

        assertThat(second.summary()).containsEntry("ACCESS_VERIFIED", 30).containsEntry("ROLE_MISSING", 15)
                .doesNotContainKey("FAILED");
        assertThat(Calls.writes(guard)).isEmpty();
        assertThat(guard.aws().publishedMessages()).hasSize(messages);
    }
}
