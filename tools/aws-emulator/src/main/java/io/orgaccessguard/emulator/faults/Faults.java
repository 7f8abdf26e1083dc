package io.orgaccessguard.emulator.faults;

import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.http.AwsException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection: latency, token-bucket throttling with each service's real throttling error, seeded random server
 * errors, and scripted faults ("fail the next N calls of iam CreateRole with ...", "drop the next N connections").
 * Scripted faults apply first, then throttling, then random errors.
 */
public final class Faults {

    /** Matches every action of a service in scripted faults. */
    public static final String ANY_ACTION = "*";

    private record Scripted(String service, String action, AtomicInteger remaining, AwsException error) {
        boolean matches(String s, String a) {
            return service.equals(s) && (ANY_ACTION.equals(action) || action.equals(a));
        }
    }

    private final EmulatorOptions options;
    private final SplittableRandom random;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /** Per-account buckets, created on an account's first call: {@code <account>|<service>[:<Action>]}. */
    private final Map<String, TokenBucket> accountBuckets = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private record ScriptedUnprocessed(String action, int keys) {
    }
    private final ConcurrentLinkedQueue<ScriptedUnprocessed> scriptedUnprocessed = new ConcurrentLinkedQueue<>();
    /** Its own sequence, so that unprocessed-key draws never shift the random errors of a given seed. */
    private final SplittableRandom unprocessedRandom;

    public Faults(EmulatorOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed() ^ 0x5DEECE66DL);
        this.unprocessedRandom = new SplittableRandom(options.seed() ^ 0x2545F4914F6CDD1DL);
        options.throttles().forEach((key, rate) -> buckets.put(key, new TokenBucket(rate)));
    }

    /** The next {@code count} calls of {@code service} {@code action} ({@link #ANY_ACTION} for all) fail so. */
    public void failNext(String service, String action, int count, String errorCode, int httpStatus) {
        failNext(service, action, count, errorCode, httpStatus, "Scripted fault: " + errorCode);
    }

    public void failNext(String service, String action, int count, String errorCode, int httpStatus, String message) {
        scripted.add(new Scripted(service.toLowerCase(Locale.ROOT), action, new AtomicInteger(count),
                new AwsException(errorCode, httpStatus, message)));
    }

    /** The next {@code count} calls of {@code service} {@code action} get their connection closed unanswered. */
    public void dropNext(String service, String action, int count) {
        scripted.add(new Scripted(service.toLowerCase(Locale.ROOT), action, new AtomicInteger(count), null));
    }

    public void clearScripted() {
        scripted.clear();
        scriptedUnprocessed.clear();
    }

    /** Sleeps for the configured latency of a service (virtual threads make this cheap). */
    public void delay(String service) {
        Duration d = options.serviceLatency().getOrDefault(service, options.latency());
        if (!d.isZero()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Throws the fault this call suffers, if any. */
    public void before(String service, String action) {
        before(service, action, null);
    }

    /** Throws the fault this call of {@code callerAccount} (null when unknown) suffers, if any. */
    public void before(String service, String action, String callerAccount) {
        before(service, action, callerAccount, () -> throttled(service));
    }

    /**
     * As above, answering throttling with the error {@code throttledError} gives (a service whose throttling answer
     * depends on the request, as DynamoDB's depends on the table's capacity mode).
     */
    public void before(String service, String action, String callerAccount,
                       java.util.function.Supplier<AwsException> throttledError) {
        for (Iterator<Scripted> it = scripted.iterator(); it.hasNext(); ) {
            Scripted s = it.next();
            if (s.matches(service, action)) {
                int left = s.remaining().getAndDecrement();
                if (left <= 0) {
                    it.remove();
                    continue;
                }
                if (left == 1) {
                    it.remove();
                }
                if (s.error() == null) {
                    throw new DroppedConnection();
                }
                throw new AwsException(s.error().code(), s.error().status(), s.error().getMessage(),
                        s.error().extraFields());
            }
        }
        TokenBucket op = buckets.get(service + ":" + action);
        TokenBucket whole = buckets.get(service);
        if ((op != null && !op.tryAcquire()) || (whole != null && !whole.tryAcquire())) {
            throw throttledError.get();
        }
        if (callerAccount != null && !options.accountThrottles().isEmpty()
                && (!acquirePerAccount(callerAccount, service + ":" + action)
                        || !acquirePerAccount(callerAccount, service))) {
            throw throttledError.get();
        }
        double rate = options.serviceErrorRate().getOrDefault(service, options.errorRate());
        if (rate > 0) {
            double draw;
            boolean unavailable;
            synchronized (random) {
                draw = random.nextDouble();
                unavailable = random.nextBoolean();
            }
            if (draw < rate) {
                throw unavailable ? unavailable(service) : internal(service);
            }
        }
    }

    private boolean acquirePerAccount(String account, String key) {
        Double rate = options.accountThrottles().get(key);
        if (rate == null) {
            return true;
        }
        return accountBuckets.computeIfAbsent(account + "|" + key, k -> new TokenBucket(rate)).tryAcquire();
    }

    // ---------------------------------------------------------------- DynamoDB batch: unprocessed keys

    /**
     * The next call of {@code action} ({@code BatchGetItem} or {@code BatchWriteItem}) leaves its last {@code keys}
     * keys (or put/delete requests) unprocessed; when that is all of them, the call fails with the throttling error
     * DynamoDB answers when it can process nothing.
     */
    public void unprocessedNext(String action, int keys) {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be at least 1");
        }
        scriptedUnprocessed.add(new ScriptedUnprocessed(action, keys));
    }

    /** How many keys the next scripted fault leaves unprocessed for this call of {@code action}, or -1. */
    public int takeScriptedUnprocessed(String action) {
        for (Iterator<ScriptedUnprocessed> it = scriptedUnprocessed.iterator(); it.hasNext(); ) {
            ScriptedUnprocessed s = it.next();
            if (s.action().equals(action)) {
                it.remove();
                return s.keys();
            }
        }
        return -1;
    }

    /** One seeded draw of {@link EmulatorOptions#unprocessedRate()}: whether this key is left unprocessed. */
    public boolean drawUnprocessed() {
        double rate = options.unprocessedRate();
        if (rate <= 0) {
            return false;
        }
        synchronized (unprocessedRandom) {
            return unprocessedRandom.nextDouble() < rate;
        }
    }

    /** Each service's real throttling answer (DynamoDB's depends on the table; see its handler). */
    public static AwsException throttled(String service) {
        return switch (service) {
            case "organizations" -> new AwsException("TooManyRequestsException", 400,
                    "AWS Organizations can't complete your request because another request is already in progress. "
                            + "Try again later.", Map.of("Type", "RateLimit"));
            case "sns" -> new AwsException("Throttled", 429, "Rate exceeded");
            // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: SlowDown, 503
            case "s3" -> new AwsException("SlowDown", 503, "Please reduce your request rate.");
            case "dynamodb" -> new AwsException("ThrottlingException", 400, "Rate of requests exceeds the allowed "
                    + "throughput.");
            default -> new AwsException("Throttling", 400, "Rate exceeded");
        };
    }

    static AwsException internal(String service) {
        return switch (service) {
            case "iam" -> new AwsException("ServiceFailure", 500,
                    "Request processing has failed due to some unknown error, exception or failure.");
            case "sns" -> new AwsException("InternalError", 500, "Internal Error");
            case "organizations" -> new AwsException("ServiceException", 500,
                    "AWS Organizations can't complete your request because it encountered an internal error. "
                            + "Try again later.");
            case "dynamodb" -> new AwsException("InternalServerError", 500, "Internal server error");
            case "s3" -> new AwsException("InternalError", 500, "We encountered an internal error. Please try again.");
            default -> new AwsException("InternalFailure", 500,
                    "The request processing has failed because of an unknown error, exception or failure.");
        };
    }

    static AwsException unavailable(String service) {
        String code = "organizations".equals(service) ? "ServiceUnavailableException" : "ServiceUnavailable";
        return new AwsException(code, 503, "s3".equals(service) ? "Service is unable to handle request."
                : "Service is unavailable. Please try again later.");
    }
}
