package io.orgaccessguard.emulator;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/** Real SDK v2 clients pointed at an emulator, with retries off so every fault surfaces as sent. */
final class Sdk {

    private Sdk() {
    }

    static AwsCredentialsProvider provider(AwsCredentials c) {
        return StaticCredentialsProvider.create(c.sessionToken()
                .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(
                        t -> AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), t))
                .orElseGet(() -> AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())));
    }

    static AwsCredentials from(Credentials sts) {
        return new AwsCredentials(sts.accessKeyId(), sts.secretAccessKey(),
                java.util.Optional.of(sts.sessionToken()), java.util.Optional.of(sts.expiration()));
    }

    private static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(AwsRetryStrategy.doNotRetry()).build();
    }

    static StsClient sts(AwsEmulator aws, AwsCredentials c) {
        return StsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    static IamClient iam(AwsEmulator aws, AwsCredentials c) {
        return IamClient.builder().endpointOverride(aws.endpoint()).region(Region.AWS_GLOBAL)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    static OrganizationsClient organizations(AwsEmulator aws, AwsCredentials c) {
        return OrganizationsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    /** Runs a call that must fail with exactly this AWS error code and HTTP status; returns the exception. */
    static software.amazon.awssdk.awscore.exception.AwsServiceException error(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code, int status) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        org.assertj.core.api.Assertions.assertThat(thrown)
                .isInstanceOf(software.amazon.awssdk.awscore.exception.AwsServiceException.class);
        var e = (software.amazon.awssdk.awscore.exception.AwsServiceException) thrown;
        org.assertj.core.api.Assertions.assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
        org.assertj.core.api.Assertions.assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
        return e;
    }

    static DynamoDbClient dynamodb(AwsEmulator aws, AwsCredentials c) {
        return DynamoDbClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }

    /** Path-style, as the emulator serves S3 ({@code http://127.0.0.1:<port>/<bucket>/<key>}). */
    static S3Client s3(AwsEmulator aws, AwsCredentials c) {
        return s3(aws, c, b -> { });
    }

    static S3Client s3(AwsEmulator aws, AwsCredentials c,
                       java.util.function.Consumer<software.amazon.awssdk.services.s3.S3ClientBuilder> customize) {
        var builder = S3Client.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries());
        customize.accept(builder);
        return builder.build();
    }

    static SnsClient sns(AwsEmulator aws, AwsCredentials c) {
        return SnsClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(provider(c)).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(noRetries()).build();
    }
}
