package io.orgaccessguard.bench;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.bench.EmulatorProcess.CallCounts;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.handler.ManualCheckHandler;
import io.orgaccessguard.handler.ServiceFactory;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Issue 4's backfill benchmark (a program, not a test): seeds the emulator, in a process of its own, with organizations
 * of 1,000 and 10,000 member accounts in a mix of states, with per-call latency and AWS-like throttling, and runs the
 * manual-check handler over the whole organization twice, as one warm Lambda container would: a first backfill (every
 * account's status tags written) and a second one over the unchanged organization. For every run it prints accounts
 * per second, the ideal allowed by the configured concurrency, the latency and the throttles, the ratio to it, API
 * calls per account and per operation, throttling errors, and the heap the function used.
 *
 * <pre>
 * ./mvnw -q -B -ntp -DskipTests -Pbackfill-benchmark -pl benchmarks -am verify
 * </pre>
 *
 * Options (through {@code -Dbench.args="..."} with the profile): {@code --sizes 1000,10000}, {@code --runs 2},
 * {@code --latency-ms 20}, {@code --concurrency N} (MAX_CONCURRENCY; default: the function's),
 * {@code --throttle SVC[:Action]=RPS} and {@code --throttle-per-account SVC[:Action]=RPS} (add to or replace the
 * defaults), {@code --no-default-throttles}, {@code --propagation-delay-ms N}, {@code --emulator-jar PATH},
 * {@code --emulator-heap 2g}, {@code --call-log}.
 */
public final class BackfillBenchmark {

    /** One invocation's time: Lambda's maximum. */
    static final Duration LAMBDA_TIMEOUT = Duration.ofMinutes(15);
    static final String REQUEST = "{\"all\": true, \"notify\": \"digest\"}";

    /** A throttle the emulator applies, and where its number comes from. */
    record Limit(String bucket, double rps, boolean perAccount, String source) {
        String flag() {
            return (perAccount ? "--throttle-per-account" : "--throttle");
        }

        String spec() {
            return bucket + "=" + format(rps);
        }
    }

    static final String ORGANIZATIONS_SOURCE = "estimate: the Organizations quotas page lists per-API throttling "
            + "limits for calls of the management account; its figures could not be retrieved here";

    /** Defaults; see the README paragraph for the sources. */
    static final List<Limit> DEFAULT_LIMITS = List.of(
            new Limit("sts", 600, false, "STS: 600 requests/s per account per Region (IAM and AWS STS quotas, as "
                    + "hit in awslabs/mountpoint-s3#1358); all AssumeRole calls come from the management account"),
            new Limit("iam", 20, true, "estimate: AWS publishes no IAM rate; IAM throttles per calling account "
                    + "(token buckets per API), and every member account is its own caller"),
            new Limit("organizations:ListAccounts", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:DescribeOrganization", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:DescribeAccount", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:ListTagsForResource", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:TagResource", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("sns:Publish", 30_000, false, "SNS Publish in us-east-1: 30,000 messages/s per account "
                    + "(AWS General Reference, Amazon SNS endpoints and quotas)"));

    record Options(List<Integer> sizes, int runs, int latencyMs, Integer concurrency, List<Limit> limits,
                   int propagationDelayMs, Path emulatorJar, String emulatorHeap, boolean callLog, Path workDir) {
    }

    record Run(int size, int number, int accounts, boolean complete, int remaining, Duration wall, double rate,
               Ideal ideal, CallCounts calls, HeapWatch.Stats heap, Duration functionCpu, Duration emulatorCpu,
               Map<String, Object> summary, int responseBytes, long logLines, List<String> notes,
               double loadAverage, Duration untilFirstResult, Duration untilLastResult) {
    }

    /** @param bound what limits it: the concurrency and latency, or a throttle bucket */
    record Ideal(double rate, String bound, Map<String, Double> bounds) {
    }

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Options options = parse(args);
        Files.createDirectories(options.workDir());
        header(options);
        var runs = new ArrayList<Run>();
        for (int size : options.sizes()) {
            runs.addAll(benchmark(options, size));
        }
        System.out.println();
        System.out.println("== summary ==");
        table(runs);
    }

    private static List<Run> benchmark(Options options, int size) {
        Path seed = options.workDir().resolve("organization-" + size + ".json");
        BenchOrganization.write(seed, size);
        var emulatorOptions = new ArrayList<>(List.of("--latency-ms", String.valueOf(options.latencyMs())));
        if (options.propagationDelayMs() > 0) {
            emulatorOptions.addAll(List.of("--propagation-delay-ms", String.valueOf(options.propagationDelayMs())));
        }
        for (Limit limit : options.limits()) {
            emulatorOptions.addAll(List.of(limit.flag(), limit.spec()));
        }
        if (!options.callLog()) {
            emulatorOptions.add("--no-call-log");
        }
        System.out.printf(Locale.ROOT, "%n== %,d member accounts %s ==%n", size, BenchOrganization.mix(size));
        var env = new LinkedHashMap<String, String>();
        env.put(GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE);
        env.put(GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN);
        if (options.concurrency() != null) {
            env.put(GuardConfig.MAX_CONCURRENCY, String.valueOf(options.concurrency()));
        }
        GuardConfig config = GuardConfig.from(env);
        var results = new ArrayList<Run>();
        try (EmulatorProcess emulator = EmulatorProcess.start(options.emulatorJar(), options.emulatorHeap(), seed,
                emulatorOptions, options.workDir().resolve("emulator-" + size + ".log"))) {
            var credentials = new AtomicReference<AwsCredentials>();
            AwsCredentialsProvider provider = credentials::get;
            // One warm container: the same clients and handler for both invocations.
            try (AwsClients clients = AwsClients.forEndpoint(emulator.endpoint(), Region.US_EAST_1, provider)) {
                var handler = new ManualCheckHandler(ServiceFactory.create(config, clients));
                var heap = new HeapWatch();
                for (int number = 1; number <= options.runs(); number++) {
                    credentials.set(functionRoleSession(emulator));
                    Run run = invoke(options, config, size, number, handler, emulator, heap);
                    results.add(run);
                    print(run, options);
                }
            }
        }
        return results;
    }

    private static Run invoke(Options options, GuardConfig config, int size, int number, ManualCheckHandler handler,
                              EmulatorProcess emulator, HeapWatch heap) {
        CallCounts before = emulator.callCounts();
        Duration emulatorCpuBefore = emulator.cpu();
        var output = new ByteArrayOutputStream();
        heap.begin();
        // After the GC: the invocation's clock and phases start with it.
        var log = new LogTally();
        var context = new TestContext(LAMBDA_TIMEOUT.toMillis(), log);
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(REQUEST.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration functionCpu = Duration.ofNanos(processCpuNanos() - cpuBefore);
        HeapWatch.Stats heapStats = heap.end();
        CallCounts calls = emulator.callCounts().minus(before);
        Duration emulatorCpu = emulator.cpu().minus(emulatorCpuBefore);
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) Json.parse(output.toString(StandardCharsets.UTF_8));
        int accounts = ((List<?>) report.get("results")).size();
        boolean complete = Boolean.TRUE.equals(report.get("complete"));
        int remaining = report.get("accountsRemaining") instanceof Number n ? n.intValue() : 0;
        double rate = accounts / (wall.toNanos() / 1e9);
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) report.get("summary");
        return new Run(size, number, accounts, complete, remaining, wall, rate,
                ideal(options, config, accounts, calls), calls, heapStats, functionCpu, emulatorCpu, summary,
                output.size(), log.lines(), log.notes(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), log.untilFirstResult(),
                log.untilLastResult());
    }

    /**
     * The throughput the configuration allows when nothing but latency and throttles holds it back: each worker
     * spends (needed calls per account x latency) on an account, so {@code concurrency} workers manage
     * concurrency / (calls x latency) accounts a second; a throttle bucket of r requests/s manages r / (its needed calls
     * per account). Needed calls are the ones that were not throttled (a retry after a throttle is waste, not work).
     * Per-account buckets (IAM) bound one account's own calls only, and one account never makes a burst's worth.
     */
    static Ideal ideal(Options options, GuardConfig config, int accounts, CallCounts calls) {
        var bounds = new LinkedHashMap<String, Double>();
        double perAccount = (double) calls.needed() / accounts;
        double latency = options.latencyMs() / 1000.0;
        String concurrency = "concurrency " + config.maxConcurrency() + " x " + options.latencyMs() + " ms";
        bounds.put(concurrency, latency > 0 ? config.maxConcurrency() / (perAccount * latency)
                : Double.POSITIVE_INFINITY);
        for (Limit limit : options.limits()) {
            if (limit.perAccount()) {
                continue;
            }
            double inBucket = (double) calls.needed(limit.bucket()) / accounts;
            if (inBucket > 0) {
                bounds.put(limit.bucket() + " " + format(limit.rps()) + "/s", limit.rps() / inBucket);
            }
        }
        var lowest = bounds.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        return new Ideal(lowest.getValue(), lowest.getKey(), bounds);
    }

    private static AwsCredentials functionRoleSession(EmulatorProcess emulator) {
        try (StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.accessKeyId(), emulator.secretAccessKey())))
                .build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + Fixtures.MANAGEMENT_ACCOUNT_ID + ":role/"
                    + Fixtures.FUNCTION_ROLE).roleSessionName("org-access-guard").durationSeconds(3600))
                    .credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    // ------------------------------------------------------------------------------------------------- printing

    private static void header(Options options) {
        System.out.println("org-access-guard backfill benchmark (issue 4)");
        System.out.printf(Locale.ROOT, "java %s, %d cores, function heap -Xmx %d MB, request %s, Lambda time %d min%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, REQUEST, LAMBDA_TIMEOUT.toMinutes());
        System.out.printf(Locale.ROOT, "emulator: separate process (-Xmx%s), latency %d ms on every call, "
                + "propagation delay %d ms, call log %s%n", options.emulatorHeap(), options.latencyMs(),
                options.propagationDelayMs(), options.callLog() ? "on" : "off (counts only)");
        System.out.printf(Locale.ROOT, "MAX_CONCURRENCY %s%n",
                options.concurrency() == null ? "default" : options.concurrency());
        System.out.println("throttles (token buckets, burst = rate):");
        for (Limit limit : options.limits()) {
            System.out.printf(Locale.ROOT, "  %-36s %8s/s %-12s %s%n", limit.bucket(), format(limit.rps()),
                    limit.perAccount() ? "per account" : "", limit.source());
        }
    }

    private static void print(Run run, Options options) {
        System.out.println();
        table(List.of(run));
        System.out.printf(Locale.ROOT, "  outcomes: %s%n", run.summary());
        System.out.printf(Locale.ROOT, "  ideal bounds (accounts/s): %s%n", joined(run.ideal().bounds()));
        System.out.printf(Locale.ROOT, "  calls per account (needed, +throttled):%n");
        run.calls().operations().forEach((name, op) -> System.out.printf(Locale.ROOT, "    %-42s %7.3f%s%s%s%n",
                name, (double) op.needed() / run.accounts(),
                op.throttled() > 0 ? String.format(Locale.ROOT, "  +%d throttled", op.throttled()) : "",
                errors(op), op.attempts().size() > 1 ? "  attempts " + op.attempts() : ""));
        System.out.printf(Locale.ROOT, "  phases: %.1f s to the first account result (listing), %.1f s of checks, "
                + "%.1f s after the last result (digest, status writes after it, response)%n",
                run.untilFirstResult().toMillis() / 1000.0,
                run.untilLastResult().minus(run.untilFirstResult()).toMillis() / 1000.0,
                run.wall().minus(run.untilLastResult()).toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  retries: the most attempts any call took: %d (SDK attempt numbers)%n",
                run.calls().maxAttempt());
        System.out.printf(Locale.ROOT, "  cpu: function %.1f s, emulator %.1f s (of %.1f s x %d cores); load average "
                + "%.2f at the end%n", run.functionCpu().toMillis() / 1000.0, run.emulatorCpu().toMillis() / 1000.0,
                run.wall().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(), run.loadAverage());
        System.out.printf(Locale.ROOT, "  heap: before %.1f MB, peak %.1f MB (sum of pool peaks), max after GC "
                + "%.1f MB, %d GCs / %d ms, -Xmx %d MB; response %,d bytes, %,d log lines%n",
                mb(run.heap().baseline()), mb(run.heap().peak()), mb(run.heap().maxAfterGc()), run.heap().gcCount(),
                run.heap().gcMillis(), run.heap().maxHeap() >> 20, run.responseBytes(), run.logLines());
        if (!run.notes().isEmpty()) {
            System.out.printf(Locale.ROOT, "  %d note(s), first ones:%n", run.notes().size());
            run.notes().stream().limit(5).forEach(note -> System.out.println("    " + note));
        }
        System.out.flush();
    }

    private static String errors(CallCounts.Operation op) {
        var other = new LinkedHashMap<String, Long>(op.errors());
        CallCounts.THROTTLING_CODES.forEach(other::remove);
        return other.isEmpty() ? "" : "  (answered " + other + ")";
    }

    static void table(List<Run> runs) {
        System.out.printf(Locale.ROOT, "%-7s %-3s %-8s %-8s %8s %8s %8s %6s %9s %9s %9s %9s%n", "members", "run",
                "checked", "complete", "wall s", "acct/s", "ideal/s", "ratio", "calls/acc", "throttled",
                "peak MB", "afterGC");
        for (Run run : runs) {
            System.out.printf(Locale.ROOT, "%-7d %-3d %-8d %-8s %8.1f %8.1f %8.1f %5.0f%% %9.2f %9d %9.1f %9.1f%n",
                    run.size(), run.number(), run.accounts(), run.complete() ? "yes" : "NO (" + run.remaining() + ")",
                    run.wall().toMillis() / 1000.0, run.rate(), run.ideal().rate(),
                    100 * run.rate() / run.ideal().rate(), (double) run.calls().total() / run.accounts(),
                    run.calls().throttled(), mb(run.heap().peak()), mb(run.heap().maxAfterGc()));
        }
        runs.stream().map(run -> run.ideal().bound()).distinct()
                .forEach(bound -> System.out.println("  ideal bound: " + bound));
    }

    private static String joined(Map<String, Double> bounds) {
        var parts = new ArrayList<String>();
        bounds.forEach((name, value) -> parts.add(name + " -> " + String.format(Locale.ROOT, "%.1f", value)));
        return String.join("; ", parts);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    // ------------------------------------------------------------------------------------------------- options

    static Options parse(String[] args) {
        List<Integer> sizes = List.of(1_000, 10_000);
        int runs = 2;
        int latency = 20;
        Integer concurrency = null;
        int propagation = 0;
        boolean defaults = true;
        boolean callLog = false;
        Path jar = Path.of("tools/aws-emulator/target/aws-emulator-1.0.0-standalone.jar");
        String emulatorHeap = "2g";
        Path workDir = Path.of("benchmarks/target/backfill");
        var extra = new ArrayList<Limit>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(String::strip)
                        .map(Integer::parseInt).toList();
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--propagation-delay-ms" -> propagation = Integer.parseInt(args[++i]);
                case "--throttle", "--throttle-per-account" -> {
                    String[] spec = args[++i].split("=", 2);
                    extra.add(new Limit(spec[0], Double.parseDouble(spec[1]), arg.endsWith("per-account"),
                            "set on the command line"));
                }
                case "--no-default-throttles" -> defaults = false;
                case "--emulator-jar" -> jar = Path.of(args[++i]);
                case "--emulator-heap" -> emulatorHeap = args[++i];
                case "--call-log" -> callLog = true;
                case "--work-dir" -> workDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        var limits = new ArrayList<Limit>();
        if (defaults) {
            for (Limit limit : DEFAULT_LIMITS) {
                if (extra.stream().noneMatch(e -> e.bucket().equals(limit.bucket()))) {
                    limits.add(limit);
                }
            }
        }
        limits.addAll(extra);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no emulator jar at " + jar.toAbsolutePath()
                    + ": build it first (./mvnw -q -B -ntp -DskipTests -pl benchmarks -am verify) or pass --emulator-jar");
        }
        return new Options(sizes, runs, latency, concurrency, List.copyOf(limits), propagation, jar, emulatorHeap,
                callLog, workDir);
    }
}
