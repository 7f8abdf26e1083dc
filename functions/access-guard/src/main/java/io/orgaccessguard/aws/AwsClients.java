package io.orgaccessguard.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Builds every AWS client the function uses, once: one HTTP client, one retry strategy, the SDK's default region and
 * credentials (so {@code AWS_ENDPOINT_URL} points all of them at an emulator without a code change).
 */
public final class AwsClients implements SdkAutoCloseable {

    /** Error codes that mean "try again later" besides the SDK's own throttling list. */
    private static final Set<String> EXTRA_RETRYABLE_CODES =
            Set.of("ConcurrentModificationException", "Throttled", "ServiceUnavailable", "ServiceFailure");

    private final SdkHttpClient httpClient;
    private final Optional<URI> endpoint;
    private final Region region;
    private final RetryStrategy retryStrategy;
    private final StsClient sts;
    private final OrganizationsClient organizations;
    private final SnsClient sns;

    private AwsClients(SdkHttpClient httpClient, Optional<URI> endpoint, Region region,
                       AwsCredentialsProvider credentials) {
        this.httpClient = httpClient;
        this.endpoint = endpoint;
        this.region = region;
        this.retryStrategy = retryStrategy();
        this.sts = configure(StsClient.builder(), region).credentialsProvider(credentials).build();
        this.organizations = configure(OrganizationsClient.builder(), region).credentialsProvider(credentials).build();
        this.sns = configure(SnsClient.builder(), region).credentialsProvider(credentials).build();
    }

    /** The clients as Lambda runs them: region and credentials from the SDK's default chains. */
    public static AwsClients fromEnvironment() {
        return new AwsClients(httpClient(), Optional.empty(), new DefaultAwsRegionProviderChain().getRegion(),
                DefaultCredentialsProvider.builder().build());
    }

    /** Clients for an explicit endpoint, region and credentials: how tests point the function at an emulator. */
    public static AwsClients forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return new AwsClients(httpClient(), Optional.of(endpoint), region, credentials);
    }

    public StsClient sts() {
        return sts;
    }

    public OrganizationsClient organizations() {
        return organizations;
    }

    public SnsClient sns() {
        return sns;
    }

    /** An IAM client acting inside one member account through a role session; the caller closes it. */
    public IamClient iamFor(RoleSession session) {
        return configure(IamClient.builder(), globalRegion(region))
                .credentialsProvider(StaticCredentialsProvider.create(session.credentials())).build();
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, Region signingRegion) {
        builder.httpClient(httpClient).region(signingRegion).overrideConfiguration(o -> o
                .retryStrategy(retryStrategy).apiCallAttemptTimeout(Duration.ofSeconds(10)));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * Standard retries with full-jitter exponential backoff. The circuit breaker is off: a backfill legitimately meets
     * throttling on many accounts in a row, and every account must still finish.
     */
    private static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(8)
                .circuitBreakerEnabled(false)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .retryOnException(AwsClients::isExtraRetryable)
                .treatAsThrottling(e -> e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                        && "Throttled".equals(ase.awsErrorDetails().errorCode()))
                .build();
    }

    private static boolean isExtraRetryable(Throwable e) {
        return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && EXTRA_RETRYABLE_CODES.contains(ase.awsErrorDetails().errorCode());
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(10)).build();
    }

    /** IAM is a global service: its signing region is the partition's global one. */
    static Region globalRegion(Region region) {
        String partition = region.metadata() == null ? "aws" : region.metadata().partition().id();
        return switch (partition) {
            case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
            case "aws-cn" -> Region.AWS_CN_GLOBAL;
            default -> Region.AWS_GLOBAL;
        };
    }

    @Override
    public void close() {
        sts.close();
        organizations.close();
        sns.close();
        httpClient.close();
    }
}
