package io.orgaccessguard.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.s3.S3Client;
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
    private final AwsCredentialsProvider credentials;
    private final StsClient sts;
    private final OrganizationsClient organizations;
    private SnsClient sns;
    private DynamoDbClient dynamoDb;
    private S3Client s3;
    /** S3 addressed by path ({@code <endpoint>/<bucket>/<key>}) rather than by a bucket host name. */
    private final boolean s3PathStyle;

    private AwsClients(SdkHttpClient httpClient, Optional<URI> endpoint, Region region,
                       AwsCredentialsProvider credentials, boolean s3PathStyle) {
        this.httpClient = httpClient;
        this.endpoint = endpoint;
        this.s3PathStyle = s3PathStyle;
        this.region = region;
        this.credentials = credentials;
        this.sts = configure(StsClient.builder(), region).credentialsProvider(credentials).build();
        this.organizations = configure(OrganizationsClient.builder(), region,
                new InFlightLimit(ORGANIZATIONS_IN_FLIGHT)).credentialsProvider(credentials).build();
    }

    /**
     * The clients as Lambda runs them: region, credentials and any endpoint ({@code AWS_ENDPOINT_URL}) from the SDK's
     * default chains.
     *
     * @param s3ForcePathStyle S3 addressed by path, as the configuration says ({@code S3_FORCE_PATH_STYLE})
     */
    public static AwsClients fromEnvironment(boolean s3ForcePathStyle) {
        return new AwsClients(httpClient(), Optional.empty(), new DefaultAwsRegionProviderChain().getRegion(),
                DefaultCredentialsProvider.builder().build(), s3ForcePathStyle);
    }

    /** Clients for an explicit endpoint, region and credentials: how tests point the function at an emulator. */
    public static AwsClients forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                         boolean s3ForcePathStyle) {
        return new AwsClients(httpClient(), Optional.of(endpoint), region, credentials, s3ForcePathStyle);
    }

    public StsClient sts() {
        return sts;
    }

    public OrganizationsClient organizations() {
        return organizations;
    }

    /** Built on first use: a join that ends in ACCESS_VERIFIED publishes nothing and so never pays for it. */
    public synchronized SnsClient sns() {
        if (sns == null) {
            sns = configure(SnsClient.builder(), region).credentialsProvider(credentials).build();
        }
        return sns;
    }

    /** The status table's client; built on first use, like SNS's. */
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = configure(DynamoDbClient.builder(), region).credentialsProvider(credentials).build();
        }
        return dynamoDb;
    }

    /**
     * The artifact bucket's client; built on first use, like SNS's: only an alert that carries quick-create links and
     * a full run's directory need it. The bucket is the stack's, in the function's Region.
     */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = configure(S3Client.builder(), region).forcePathStyle(s3PathStyle).credentialsProvider(credentials)
                    .build();
        }
        return s3;
    }

    /**
     * An IAM client acting inside one member account through a role session; the caller closes it. It has a retry
     * strategy (and so a client-side rate limiter) of its own, as IAM throttles each account on its own.
     */
    public IamClient iamFor(AwsSessionCredentials session) {
        return configure(IamClient.builder(), globalRegion(region))
                .credentialsProvider(StaticCredentialsProvider.create(session)).build();
    }

    private <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B configure(B builder, Region signingRegion,
                                                                                        ExecutionInterceptor... extra) {
        builder.httpClient(httpClient).region(signingRegion).overrideConfiguration(o -> {
            o.retryStrategy(retryStrategy()).apiCallAttemptTimeout(Duration.ofSeconds(10));
            for (ExecutionInterceptor interceptor : extra) {
                o.addExecutionInterceptor(interceptor);
            }
        });
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * At most this many Organizations calls at once, whatever MAX_CONCURRENCY: Organizations accepts requests of the
     * management account at a few tens a second, which two or three calls in flight already reach, and every caller
     * beyond that only queues in the rate limiter. A deep queue also defeats the limiter: the requests it has already
     * released keep arriving after the first throttle, and each of them that is throttled cuts the rate again. In the
     * backfill benchmark (1,000 accounts, first and second run), 32 workers reached 38% and 47% of the ideal
     * throughput without this limit and 88% and 97% with it; 8 workers 83-93% without and 92-97% with.
     */
    static final int ORGANIZATIONS_IN_FLIGHT = 4;

    /** Holds callers of one client at {@code permits} executions at once (retries included), first come first served. */
    static final class InFlightLimit implements ExecutionInterceptor {

        private static final ExecutionAttribute<Boolean> HOLDS_PERMIT =
                new ExecutionAttribute<>("org-access-guard.in-flight-permit");

        private final Semaphore permits;

        InFlightLimit(int permits) {
            this.permits = new Semaphore(permits, true);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            permits.acquireUninterruptibly();
            attributes.putAttribute(HOLDS_PERMIT, true);
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            release(attributes);
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            release(attributes);
        }

        private void release(ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(HOLDS_PERMIT))) {
                attributes.putAttribute(HOLDS_PERMIT, false);
                permits.release();
            }
        }

        int available() {
            return permits.availablePermits();
        }
    }

    /**
     * A new retry strategy for each client: adaptive retries, that is the standard ones (full-jitter exponential
     * backoff, a longer one after throttling) plus a client-side rate limiter that, once the service throttles,
     * paces this client's requests to the rate the service accepts. The limiter is per strategy (the SDK gives every
     * request the same scope), hence one strategy per client: Organizations' throttling must not slow STS or IAM.
     *
     * <p>Pacing, not backoff, is what absorbs a backfill's sustained throttling (see benchmarks/): with 8 workers
     * against a 20 requests/s Organizations bucket, the standard strategy alone had about one attempt in three
     * throttled, and a call still throttled on its 8th attempt, and with it an account's status read or write, was lost
     * about once per thousand accounts; paced, about one attempt in thirty is throttled and none needed more than 3.
     * That also keeps the SDK's retry quota (circuit breaker) full: a retry takes 5 from it and every success gives
     * back what its last retry took, at least 1, so it drains only while a large share of attempts fails, as it did
     * under the standard strategy, which needed the breaker off.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(8)
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .throttlingBackoffStrategy(
                        BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                .retryOnException(AwsClients::isExtraRetryable)
                .treatAsThrottling(AwsClients::isThrottling)
                .build();
    }

    /**
     * What the rate limiter and the throttling backoff react to: the SDK's throttling error codes (STS and IAM
     * {@code Throttling}, Organizations {@code TooManyRequestsException}, ...) and HTTP 429 (SNS {@code Throttled}).
     * {@code treatAsThrottling} replaces the SDK's own test, so it must keep all of these, not add one.
     */
    static boolean isThrottling(Throwable e) {
        return e instanceof SdkServiceException sse && sse.isThrottlingException();
    }

    /** An answer without a body (S3 to a HEAD request) has no error code: never one of these. */
    static boolean isExtraRetryable(Throwable e) {
        return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null
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
    public synchronized void close() {
        sts.close();
        organizations.close();
        if (sns != null) {
            sns.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (s3 != null) {
            s3.close();
        }
        httpClient.close();
    }
}
