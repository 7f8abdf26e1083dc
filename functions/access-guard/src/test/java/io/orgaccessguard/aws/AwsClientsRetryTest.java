package io.orgaccessguard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.organizations.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sns.model.ThrottledException;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsClientsRetryTest {

    private static <B extends AwsServiceException.Builder> AwsServiceException error(B builder, String code,
                                                                                      int status) {
        builder.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("Rate exceeded").build())
                .statusCode(status);
        return builder.build();
    }

    @Test
    void everyServicesThrottlingAnswer_isThrottling() {
        assertThat(AwsClients.isThrottling(error(TooManyRequestsException.builder(), "TooManyRequestsException", 400)))
                .as("Organizations").isTrue();
        assertThat(AwsClients.isThrottling(error(OrganizationsException.builder(), "TooManyRequestsException", 400)))
                .as("Organizations, unmodeled").isTrue();
        assertThat(AwsClients.isThrottling(error(StsException.builder(), "Throttling", 400))).as("STS").isTrue();
        assertThat(AwsClients.isThrottling(error(IamException.builder(), "Throttling", 400))).as("IAM").isTrue();
        assertThat(AwsClients.isThrottling(error(ThrottledException.builder(), "Throttled", 429))).as("SNS").isTrue();
        assertThat(AwsClients.isThrottling(error(SnsException.builder(), "Throttled", 429))).as("SNS, unmodeled")
                .isTrue();
    }

    @Test
    void otherFailures_areNotThrottling() {
        assertThat(AwsClients.isThrottling(error(StsException.builder(), "AccessDenied", 403))).isFalse();
        assertThat(AwsClients.isThrottling(error(IamException.builder(), "ServiceFailure", 500))).isFalse();
        assertThat(AwsClients.isThrottling(error(OrganizationsException.builder(), "ServiceUnavailableException",
                503))).isFalse();
        assertThat(AwsClients.isThrottling(new IllegalStateException("not from AWS"))).isFalse();
    }

    /** S3 answers a HEAD request without a body, so with no error code: a 404 of HeadObject is no retry, no crash. */
    @Test
    void anAnswerWithoutAnErrorCode_isNotRetried() {
        AwsServiceException headNotFound = S3Exception.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorMessage("Not Found").build()).build();

        assertThat(AwsClients.isExtraRetryable(headNotFound)).isFalse();
        assertThat(AwsClients.isThrottling(headNotFound)).isFalse();
        assertThat(AwsClients.isExtraRetryable(error(IamException.builder(), "ServiceFailure", 500))).isTrue();
    }

    @Test
    void everyClient_getsARateLimiterOfItsOwn() {
        RetryStrategy one = AwsClients.retryStrategy();
        RetryStrategy other = AwsClients.retryStrategy();

        assertThat(one).isInstanceOf(AdaptiveRetryStrategy.class).isNotSameAs(other);
        assertThat(one.maxAttempts()).isEqualTo(8);
    }
}
