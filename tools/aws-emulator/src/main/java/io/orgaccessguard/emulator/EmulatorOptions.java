package io.orgaccessguard.emulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How an emulator behaves: where it listens, its deterministic seed, IAM propagation delay, quotas and faults.
 *
 * @param port 0 picks a free port
 * @param seed makes access keys, IDs, random faults and page shapes reproducible
 * @param propagationDelay a role created (or whose trust changed) less than this ago cannot be assumed yet
 * @param latency added to every call
 * @param serviceLatency added per service ({@code iam}, {@code sts}, {@code organizations}, {@code sns},
 *     {@code dynamodb}, {@code s3})
 * @param errorRate probability of a random 500/503 per call
 * @param serviceErrorRate per-service override of {@code errorRate}
 * @param throttles requests per second by {@code service} or {@code service:Action} (token buckets, burst = rate)
 * @param accountThrottles like {@code throttles}, but one bucket per calling account (IAM, say, throttles each
 *     account on its own: 10,000 member accounts do not share one bucket)
 * @param maxManagedPoliciesPerRole IAM's PoliciesPerRole quota (10 by default, up to 20 on request)
 * @param verifySignatures check SigV4 signatures (off only to debug a client)
 * @param shortPages Organizations list pages shorter than MaxResults, sometimes empty, with NextToken still given
 * @param recordCalls keep every request in the call log; off, only the per-operation counts of
 *     {@code /_emulator/calls/summary} are kept (long benchmarks need no growing log)
 * @param unprocessedRate probability that DynamoDB BatchGetItem/BatchWriteItem leaves each key (put/delete request)
 *     unprocessed, drawn from the seed; a call that would process nothing fails with the throttling error instead
 */
public record EmulatorOptions(String bindAddress, int port, long seed, Duration propagationDelay, Duration latency,
                              Map<String, Duration> serviceLatency, double errorRate,
                              Map<String, Double> serviceErrorRate, Map<String, Double> throttles,
                              Map<String, Double> accountThrottles, int maxManagedPoliciesPerRole,
                              boolean verifySignatures, boolean shortPages, boolean recordCalls,
                              double unprocessedRate) {

    public EmulatorOptions {
        serviceLatency = Map.copyOf(serviceLatency);
        serviceErrorRate = Map.copyOf(serviceErrorRate);
        throttles = Map.copyOf(throttles);
        accountThrottles = Map.copyOf(accountThrottles);
    }

    public static EmulatorOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private long seed;
        private Duration propagationDelay = Duration.ZERO;
        private Duration latency = Duration.ZERO;
        private final Map<String, Duration> serviceLatency = new LinkedHashMap<>();
        private double errorRate;
        private final Map<String, Double> serviceErrorRate = new LinkedHashMap<>();
        private final Map<String, Double> throttles = new LinkedHashMap<>();
        private final Map<String, Double> accountThrottles = new LinkedHashMap<>();
        private int maxManagedPoliciesPerRole = 10;
        private boolean verifySignatures = true;
        private boolean shortPages;
        private boolean recordCalls = true;
        private double unprocessedRate;

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder propagationDelay(Duration delay) {
            this.propagationDelay = delay;
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        public Builder latency(String service, Duration latency) {
            serviceLatency.put(service.toLowerCase(Locale.ROOT), latency);
            return this;
        }

        public Builder errorRate(double probability) {
            this.errorRate = checkProbability(probability);
            return this;
        }

        public Builder errorRate(String service, double probability) {
            serviceErrorRate.put(service.toLowerCase(Locale.ROOT), checkProbability(probability));
            return this;
        }

        /** Rate-limits a whole service ({@code iam}) to {@code requestsPerSecond}. */
        public Builder throttle(String service, double requestsPerSecond) {
            throttles.put(service.toLowerCase(Locale.ROOT), requestsPerSecond);
            return this;
        }

        /** Rate-limits one operation ({@code organizations}, {@code ListAccounts}). */
        public Builder throttle(String service, String action, double requestsPerSecond) {
            throttles.put(service.toLowerCase(Locale.ROOT) + ":" + action, requestsPerSecond);
            return this;
        }

        /** Rate-limits a service ({@code iam}) to {@code requestsPerSecond} for each calling account separately. */
        public Builder throttlePerAccount(String service, double requestsPerSecond) {
            accountThrottles.put(service.toLowerCase(Locale.ROOT), requestsPerSecond);
            return this;
        }

        /** Rate-limits one operation to {@code requestsPerSecond} for each calling account separately. */
        public Builder throttlePerAccount(String service, String action, double requestsPerSecond) {
            accountThrottles.put(service.toLowerCase(Locale.ROOT) + ":" + action, requestsPerSecond);
            return this;
        }

        /** Whether every request is kept in the call log (default); counts per operation are always kept. */
        public Builder recordCalls(boolean recordCalls) {
            this.recordCalls = recordCalls;
            return this;
        }

        /**
         * DynamoDB batches leave each key unprocessed with this probability (seeded), so that a client's retry of
         * {@code UnprocessedKeys} / {@code UnprocessedItems} can be tested.
         */
        public Builder unprocessedRate(double probability) {
            this.unprocessedRate = checkProbability(probability);
            return this;
        }

        public Builder maxManagedPoliciesPerRole(int quota) {
            this.maxManagedPoliciesPerRole = quota;
            return this;
        }

        public Builder verifySignatures(boolean verify) {
            this.verifySignatures = verify;
            return this;
        }

        public Builder shortPages(boolean shortPages) {
            this.shortPages = shortPages;
            return this;
        }

        public EmulatorOptions build() {
            return new EmulatorOptions(bindAddress, port, seed, propagationDelay, latency, serviceLatency, errorRate,
                    serviceErrorRate, throttles, accountThrottles, maxManagedPoliciesPerRole, verifySignatures,
                    shortPages, recordCalls, unprocessedRate);
        }

        private static double checkProbability(double p) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("A probability is between 0 and 1; got " + p);
            }
            return p;
        }
    }
}
