package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sts.StsClient;

class FaultsTest {

    @Test
    void throttledServices_beyondTheirRate_answerEachServicesThrottlingError() {
        var options = EmulatorOptions.builder().throttle("iam", 1).throttle("sts", 1).throttle("organizations", 1)
                .throttle("sns", 1).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard())) {
            AwsCredentials c = aws.credentialsFor(MGMT);
            try (IamClient iam = Sdk.iam(aws, c); StsClient sts = Sdk.sts(aws, c);
                 OrganizationsClient org = Sdk.organizations(aws, c); SnsClient sns = Sdk.sns(aws, c)) {
                iam.listRoles();
                Sdk.error(iam::listRoles, "Throttling", 400);
                sts.getCallerIdentity();
                Sdk.error(sts::getCallerIdentity, "Throttling", 400);
                org.listRoots();
                assertThat(Sdk.error(org::listRoots, "TooManyRequestsException", 400))
                        .isInstanceOf(TooManyRequestsException.class);
                sns.listTopics();
                assertThat(Sdk.error(sns::listTopics, "Throttled", 429)).isInstanceOf(ThrottledException.class);
            }
        }
    }

    @Test
    void perOperationThrottle_limitsOnlyThatOperation() {
        var options = EmulatorOptions.builder().throttle("organizations", "ListAccounts", 1).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard());
             OrganizationsClient org = Sdk.organizations(aws, aws.credentialsFor(MGMT))) {
            org.listAccounts();
            Sdk.error(org::listAccounts, "TooManyRequestsException", 400);
            org.listRoots();
            org.listRoots();
        }
    }

    @Test
    void perAccountThrottle_givesEachCallingAccountItsOwnBucket() {
        var options = EmulatorOptions.builder().throttlePerAccount("iam", 1).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard());
             IamClient mgmt = Sdk.iam(aws, aws.credentialsFor(MGMT));
             IamClient payments = Sdk.iam(aws, aws.credentialsFor(TestOrgs.PAYMENTS))) {
            mgmt.listRoles();
            Sdk.error(mgmt::listRoles, "Throttling", 400);
            payments.listRoles();
            Sdk.error(payments::listRoles, "Throttling", 400);
        }
    }

    @Test
    void callCounts_countEveryOperationAndErrorCode_evenWithTheCallLogOff() {
        var options = EmulatorOptions.builder().throttle("organizations", "ListRoots", 1).recordCalls(false).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard());
             OrganizationsClient org = Sdk.organizations(aws, aws.credentialsFor(MGMT))) {
            org.listRoots();
            Sdk.error(org::listRoots, "TooManyRequestsException", 400);
            org.listAccounts();

            assertThat(aws.calls()).isEmpty();
            assertThat(aws.callCounts()).containsEntry("organizations:ListRoots",
                    java.util.Map.of("calls", 2L, "TooManyRequestsException", 1L, "attempt=1", 2L))
                    .containsEntry("organizations:ListAccounts", java.util.Map.of("calls", 1L, "attempt=1", 1L));
            aws.clearCalls();
            assertThat(aws.callCounts()).isEmpty();
        }
    }

    @Test
    void errorRateOne_everyCall_failsWithTheServicesServerErrors() {
        var options = EmulatorOptions.builder().seed(11).errorRate(1.0).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard())) {
            AwsCredentials c = aws.credentialsFor(MGMT);
            try (IamClient iam = Sdk.iam(aws, c); OrganizationsClient org = Sdk.organizations(aws, c)) {
                var iamCodes = new java.util.HashSet<String>();
                var orgCodes = new java.util.HashSet<String>();
                for (int i = 0; i < 20; i++) {
                    iamCodes.add(code(iam::listRoles));
                    orgCodes.add(code(org::listRoots));
                }
                assertThat(iamCodes).containsExactlyInAnyOrder("ServiceFailure", "ServiceUnavailable");
                assertThat(orgCodes).containsExactlyInAnyOrder("ServiceException", "ServiceUnavailableException");
            }
            assertThat(aws.calls()).allSatisfy(call -> assertThat(call.httpStatus()).isIn(500, 503));
        }
    }

    private static String code(Runnable call) {
        try {
            call.run();
            return "none";
        } catch (AwsServiceException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    @Test
    void scriptedFaults_failAndDropTheNextCalls_thenRecover() {
        try (AwsEmulator aws = AwsEmulator.start(TestOrgs.standard());
             IamClient iam = Sdk.iam(aws, aws.credentialsFor(MGMT))) {
            aws.faults().failNext("iam", "GetRole", 2, "ServiceFailure", 500);
            aws.faults().dropNext("iam", "ListRoles", 1);

            Sdk.error(() -> iam.getRole(r -> r.roleName("LambdaRole")), "ServiceFailure", 500);
            Sdk.error(() -> iam.getRole(r -> r.roleName("LambdaRole")), "ServiceFailure", 500);
            assertThat(iam.getRole(r -> r.roleName("LambdaRole")).role()).isNotNull();
            assertThatThrownBy(iam::listRoles).isInstanceOf(SdkClientException.class);
            assertThat(iam.listRoles().roles()).isNotEmpty();
            assertThat(aws.calls()).anySatisfy(c -> assertThat(c.errorCode()).isEqualTo("ConnectionDropped"));
        }
    }

    @Test
    void latency_sixtyFourConcurrentCallers_areNotSerialized() throws Exception {
        var options = EmulatorOptions.builder().latency(Duration.ofMillis(100)).build();
        try (AwsEmulator aws = AwsEmulator.start(options, TestOrgs.standard());
             StsClient sts = Sdk.sts(aws, aws.credentialsFor(MGMT));
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            sts.getCallerIdentity();
            long start = System.nanoTime();
            var futures = new ArrayList<Future<String>>();
            for (int i = 0; i < 64; i++) {
                futures.add(pool.submit((Callable<String>) () -> sts.getCallerIdentity().account()));
            }
            for (Future<String> f : futures) {
                assertThat(f.get()).isEqualTo(MGMT);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isLessThan(Duration.ofMillis(3200)); // serialized would take at least 6.4 s
        }
    }
}
