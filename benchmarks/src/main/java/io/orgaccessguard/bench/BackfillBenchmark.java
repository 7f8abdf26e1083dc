package io.orgaccessguard.bench;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.bench.BenchOrganization.Mix;
import io.orgaccessguard.bench.EmulatorProcess.CallCounts;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.handler.ManualCheckHandler;
import io.orgaccessguard.handler.ServiceFactory;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The backfill benchmark of issues 4 and 11 (a program, not a test). For each organization size it seeds the emulator,
 * in a process of its own, with per-call latency and AWS-like throttling, and runs the real manual-check handler as one
 * warm Lambda container would, in three scenarios:
 * <ul>
 *   <li><b>standard</b>: a mix of every state ({@link Mix#STANDARD}), run twice: a first run (every status written,
 *       one digest) and a second one over the unchanged organization (nothing to write, nothing to announce);</li>
 *   <li><b>creating 5%</b>: a fresh organization where 5% of the accounts have only the bootstrap role, so the access
 *       role is created and waited for, with an IAM propagation delay of 5 s in the emulator;</li>
 *   <li><b>sweep</b>: the creating scenario at one size (10,000) with several MAX_CONCURRENCY values.</li>
 * </ul>
 * A run is the scheduled reconcile as the schedules drive it: one {@code {"reconcile": "start"}} invocation with a
 * 15-minute Lambda context, then {@code {"reconcile": "continue"}} invocations back to back (the 15 minutes the
 * continue schedule leaves between them are not waited) until the run is finished. {@code --mode all} drives the
 * manual {@code {"all": true, "notify": "digest"}} backfill instead, repeated while the response names a run under way.
 *
 * <pre>
 * ./mvnw -q -B -ntp -DskipTests -Pbackfill-benchmark -pl benchmarks -am verify
 * </pre>
 *
 * Options (through {@code -Dbench.args="..."} with the profile): {@code --sizes 1000,10000,50000},
 * {@code --scenarios standard,creation,sweep}, {@code --mode reconcile|all}, {@code --runs 2} (standard scenario),
 * {@code --creation-percent 5}, {@code --creation-propagation-delay-ms 5000}, {@code --propagation-delay-ms 0} (the
 * standard scenario's), {@code --max-concurrency N} (MAX_CONCURRENCY of every run but the sweep's; default: the
 * function's), {@code --concurrency 8,16,32,64} (the sweep), {@code --sweep-size 10000}, {@code --latency-ms 20},
 * {@code --throttle SVC[:Action]=RPS} and {@code --throttle-per-account SVC[:Action]=RPS} (add to or replace the
 * defaults), {@code --no-default-throttles}, {@code --max-invocations 50}, {@code --emulator-jar PATH},
 * {@code --emulator-heap 2g}, {@code --call-log}, {@code --work-dir DIR}.
 */
public final class BackfillBenchmark {

    /** One invocation's time: Lambda's maximum. */
    static final Duration LAMBDA_TIMEOUT = Duration.ofMinutes(15);
    static final String START = "{\"reconcile\": \"start\"}";
    static final String CONTINUE = "{\"reconcile\": \"continue\"}";
    static final String ALL = "{\"all\": true, \"notify\": \"digest\"}";
    /** Issue 11: a full reconcile of an unchanged organization of 10,000 accounts, at most 520 Organizations calls. */
    static final int ORGANIZATIONS_BUDGET = 520;
    static final int ORGANIZATIONS_BUDGET_SIZE = 10_000;
    /** A run that fails this many invocations in a row is given up: the function is broken, not busy. */
    static final int FAILURES_IN_A_ROW = 3;
    /** Role sessions of this long: a run of 50,000 accounts may take more than the default hour. */
    static final int SESSION_SECONDS = 43_200;

    /** How a run is driven. */
    enum Mode {
        /** The scheduled reconcile: one start, then continues until the run is finished. */
        RECONCILE,
        /** The manual backfill: {@code {"all": true}}, then the same request while the response names a run under way. */
        ALL
    }

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
    static final String DYNAMODB_SOURCE = "generous, from the documented throughput of a new on-demand table, 4,000 "
            + "writes/s and 12,000 reads/s (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
            + "on-demand-capacity-mode.html, initial throughput): ";

    /** Defaults; see the README for the sources. */
    static final List<Limit> DEFAULT_LIMITS = List.of(
            new Limit("sts", 600, false, "STS: 600 requests/s per account per Region (IAM and AWS STS quotas, as "
                    + "hit in awslabs/mountpoint-s3#1358); all AssumeRole calls come from the management account"),
            new Limit("iam", 20, true, "estimate: AWS publishes no IAM rate; IAM throttles per calling account "
                    + "(token buckets per API), and every member account is its own caller"),
            new Limit("organizations:ListRoots", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:ListOrganizationalUnitsForParent", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:ListAccountsForParent", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:ListAccounts", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:DescribeOrganization", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("organizations:DescribeAccount", 20, false, ORGANIZATIONS_SOURCE),
            new Limit("dynamodb:GetItem", 12_000, false, DYNAMODB_SOURCE + "one read each"),
            new Limit("dynamodb:BatchGetItem", 120, false, DYNAMODB_SOURCE + "up to 100 reads each"),
            new Limit("dynamodb:Query", 46, false, DYNAMODB_SOURCE + "a 1 MB page read consistently is 256 reads"),
            new Limit("dynamodb:PutItem", 4_000, false, DYNAMODB_SOURCE + "one write each (items under 1 KB)"),
            new Limit("dynamodb:BatchWriteItem", 160, false, DYNAMODB_SOURCE + "up to 25 writes each"),
            new Limit("sns:Publish", 30_000, false, "SNS Publish in us-east-1: 30,000 messages/s per account "
                    + "(AWS General Reference, Amazon SNS endpoints and quotas)"));

    /**
     * One organization and how it is run: a fresh emulator seeded with {@code size} accounts of {@code mix} and an IAM
     * propagation delay, and {@code runs} runs of the function with MAX_CONCURRENCY {@code concurrency}.
     */
    record Scenario(String name, int size, Mix mix, int propagationDelayMs, int runs, int concurrency) {
        String slug() {
            return size + "-" + mix.slug() + "-c" + concurrency;
        }
    }

    record Options(List<Integer> sizes, Mode mode, Set<String> scenarios, int runs, int creationPercent,
                   int creationDelayMs, int standardDelayMs, int latencyMs, int maxConcurrency, List<Integer> sweep,
                   int sweepSize, List<Limit> limits, int maxInvocations, Path emulatorJar, String emulatorHeap,
                   boolean callLog, Path workDir) {
    }

    /** One invocation of the handler, as Lambda would see it. */
    record Invocation(String request, Duration wall, Map<String, Integer> outcomes, int responseBytes,
                      Optional<String> note, Optional<String> runUnderWay, Optional<String> failure,
                      Duration untilFirstResult, Duration untilLastResult, long logLines, long longestLogLine,
                      List<String> notes) {
        int checked() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The scheduled run's item ({@code pk=run, sk=current}) once the run is over. */
    record RunState(String runId, int accounts, int checked, boolean checkedAll, boolean digestSent) {
    }

    record Run(Scenario scenario, int number, List<Invocation> invocations, boolean finished, Duration wall,
               Duration leaseWait, Ideal ideal, CallCounts calls, HeapWatch.Stats heap, Duration functionCpu,
               Duration emulatorCpu, Optional<RunState> state, double loadAverage) {

        Map<String, Integer> outcomes() {
            var sum = new TreeMap<String, Integer>();
            invocations.forEach(i -> i.outcomes().forEach((outcome, n) -> sum.merge(outcome, n, Integer::sum)));
            return sum;
        }

        int checked() {
            return invocations.stream().mapToInt(Invocation::checked).sum();
        }

        double rate() {
            return checked() / (wall.toNanos() / 1e9);
        }

        double ratio() {
            return rate() / ideal.rate();
        }

        /** The first invocation's time before its first account result: listing the organization, starting the run. */
        Duration listing() {
            return invocations.getFirst().untilFirstResult();
        }

        /** The ratio against the ideal computed with the measured round trip instead of the configured latency. */
        double atRoundTripRatio() {
            return rate() / ideal.atRoundTrip();
        }

        int largestResponse() {
            return invocations.stream().mapToInt(Invocation::responseBytes).max().orElse(0);
        }

        long longestLogLine() {
            return invocations.stream().mapToLong(Invocation::longestLogLine).max().orElse(0);
        }

        long failures() {
            return invocations.stream().filter(i -> i.failure().isPresent()).count();
        }

        /** Digests (and any other message) SNS accepted during the run. */
        long published() {
            return calls.succeeded("sns:Publish");
        }

        double perAccount(long calls) {
            return checked() == 0 ? 0 : (double) calls / checked();
        }

        /**
         * The share of this machine's cores the function and the emulator used: near 100% (or a load average above the
         * cores), the run was held back by this machine's CPU, which the ideal leaves out.
         */
        double cpuShare() {
            return (functionCpu.toNanos() + emulatorCpu.toNanos())
                    / (wall.toNanos() * (double) Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * @param bound what limits it: the concurrency and latency (with the propagation waits), or a throttle bucket
     * @param ceiling the lowest throttle bound: what no concurrency can pass
     */
    record Ideal(double rate, String bound, Map<String, Double> bounds, double ceiling, List<String> notes,
                 RoundTrip roundTrip, double atRoundTrip) {
    }

    /**
     * What one request to the emulator takes from the function's own clients, {@code concurrency} at a time, measured
     * before the runs: the configured latency plus what the SDK, HTTP on this machine and the emulator add to every
     * call, which the ideal leaves out.
     */
    record RoundTrip(int concurrency, int requests, double meanMs, double p50Ms, double p99Ms) {
    }

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Options options = parse(args);
        Files.createDirectories(options.workDir());
        header(options);
        var runs = new ArrayList<Run>();
        for (Scenario scenario : scenarios(options)) {
            runs.addAll(benchmark(options, scenario));
        }
        var summary = new ByteArrayOutputStream();
        try (var out = new PrintStream(summary, true, StandardCharsets.UTF_8)) {
            summary(options, runs, out);
        }
        System.out.println();
        System.out.print(summary.toString(StandardCharsets.UTF_8));
        Path file = options.workDir().resolve("summary-" + Instant.now().toString().replace(':', '-') + ".txt");
        Files.writeString(file, summary.toString(StandardCharsets.UTF_8));
        System.out.println("summary written to " + file);
    }

    /** The scenarios in the order they run: per size the standard runs, then creation; the sweep after its size. */
    static List<Scenario> scenarios(Options options) {
        var list = new ArrayList<Scenario>();
        Mix creating = Mix.creating(options.creationPercent());
        String creationName = "creating " + options.creationPercent() + "%";
        for (int size : options.sizes()) {
            if (options.scenarios().contains("standard")) {
                list.add(new Scenario("standard", size, Mix.STANDARD, options.standardDelayMs(), options.runs(),
                        options.maxConcurrency()));
            }
            boolean creation = options.scenarios().contains("creation");
            if (creation) {
                list.add(new Scenario(creationName, size, creating, options.creationDelayMs(), 1,
                        options.maxConcurrency()));
            }
            if (size == options.sweepSize() && options.scenarios().contains("sweep")) {
                for (int concurrency : options.sweep()) {
                    if (!(creation && concurrency == options.maxConcurrency())) {
                        list.add(new Scenario(creationName, size, creating, options.creationDelayMs(), 1,
                                concurrency));
                    }
                }
            }
        }
        if (options.scenarios().contains("sweep") && !options.sizes().contains(options.sweepSize())) {
            for (int concurrency : options.sweep()) {
                list.add(new Scenario(creationName, options.sweepSize(), creating, options.creationDelayMs(), 1,
                        concurrency));
            }
        }
        return list;
    }

    private static List<Run> benchmark(Options options, Scenario scenario) {
        Path seed = options.workDir().resolve("organization-" + scenario.size() + "-" + scenario.mix().slug()
                + ".json");
        BenchOrganization.write(seed, scenario.size(), scenario.mix());
        var emulatorOptions = new ArrayList<>(List.of("--latency-ms", String.valueOf(options.latencyMs())));
        if (scenario.propagationDelayMs() > 0) {
            emulatorOptions.addAll(List.of("--propagation-delay-ms", String.valueOf(scenario.propagationDelayMs())));
        }
        for (Limit limit : options.limits()) {
            emulatorOptions.addAll(List.of(limit.flag(), limit.spec()));
        }
        if (!options.callLog()) {
            emulatorOptions.add("--no-call-log");
        }
        System.out.printf(Locale.ROOT, "%n== %,d member accounts, %s %s, propagation delay %d ms, MAX_CONCURRENCY %d "
                + "==%n", scenario.size(), scenario.name(), scenario.mix().counts(scenario.size()),
                scenario.propagationDelayMs(), scenario.concurrency());
        var env = new LinkedHashMap<String, String>();
        env.put(GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE);
        env.put(GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN);
        env.put(GuardConfig.STATUS_TABLE_NAME, Fixtures.STATUS_TABLE);
        env.put(GuardConfig.MAX_CONCURRENCY, String.valueOf(scenario.concurrency()));
        GuardConfig config = GuardConfig.from(env);
        var results = new ArrayList<Run>();
        try (EmulatorProcess emulator = EmulatorProcess.start(options.emulatorJar(), options.emulatorHeap(), seed,
                emulatorOptions, options.workDir().resolve("emulator-" + scenario.slug() + ".log"))) {
            var credentials = new AtomicReference<AwsCredentials>(functionRoleSession(emulator));
            AwsCredentialsProvider provider = credentials::get;
            // One warm container: the same clients and handler for every invocation of every run.
            try (AwsClients clients = AwsClients.forEndpoint(emulator.endpoint(), Region.US_EAST_1, provider,
                    true)) {
                var handler = new ManualCheckHandler(ServiceFactory.create(config, clients), config);
                var heap = new HeapWatch();
                RoundTrip roundTrip = roundTrip(clients.dynamoDb(), scenario.concurrency());
                System.out.printf(Locale.ROOT, "  round trip (DynamoDB GetItem through the function's clients, %d at a"
                        + " time, %,d requests): mean %.1f ms, p50 %.1f ms, p99 %.1f ms; configured latency %d ms%n",
                        roundTrip.concurrency(), roundTrip.requests(), roundTrip.meanMs(), roundTrip.p50Ms(),
                        roundTrip.p99Ms(), options.latencyMs());
                for (int number = 1; number <= scenario.runs(); number++) {
                    Run run = execute(options, scenario, number, handler, emulator, heap, roundTrip);
                    results.add(run);
                    print(run);
                }
            }
        }
        return results;
    }

    /** One run: the invocations it takes, back to back, measured together. */
    private static Run execute(Options options, Scenario scenario, int number, ManualCheckHandler handler,
                               EmulatorProcess emulator, HeapWatch heap, RoundTrip roundTrip) {
        CallCounts before = emulator.callCounts();
        Duration emulatorCpuBefore = emulator.cpu();
        heap.begin();
        // After the GC: the run's clock starts with it.
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        var invocations = new ArrayList<Invocation>();
        Duration leaseWait = Duration.ZERO;
        boolean finished = false;
        Optional<String> runUnderWay = Optional.empty();
        int failuresInARow = 0;
        while (invocations.size() < options.maxInvocations() && failuresInARow < FAILURES_IN_A_ROW) {
            String request = switch (options.mode()) {
                case RECONCILE -> invocations.isEmpty() ? START : CONTINUE;
                // The same request continues the run under way for the same scope.
                case ALL -> ALL;
            };
            Invocation invocation = invoke(handler, request);
            invocations.add(invocation);
            System.out.println("  " + describe(invocations.size(), invocation));
            failuresInARow = invocation.failure().isPresent() ? failuresInARow + 1 : 0;
            if (options.mode() == Mode.ALL) {
                if (invocation.failure().isPresent()) {
                    break;
                }
                runUnderWay = invocation.runUnderWay();
                if (runUnderWay.isEmpty()) {
                    finished = true;
                    break;
                }
                continue;
            }
            String note = invocation.note().orElse("");
            if (note.contains(" finished:")) {
                finished = true;
                break;
            }
            if (note.startsWith("no scheduled run to continue")) {
                break;
            }
            // A failed invocation keeps its lease until its timeout; the continue schedule only comes back after it.
            Optional<Instant> leasedUntil = leasedUntil(note);
            if (leasedUntil.isPresent()) {
                Duration wait = Duration.between(Instant.now(), leasedUntil.get()).plusSeconds(1);
                if (!wait.isNegative()) {
                    System.out.printf(Locale.ROOT, "  waiting %.0f s for the lease to run out%n",
                            wait.toMillis() / 1000.0);
                    sleep(wait);
                    leaseWait = leaseWait.plus(wait);
                }
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration functionCpu = Duration.ofNanos(processCpuNanos() - cpuBefore);
        HeapWatch.Stats heapStats = heap.end();
        CallCounts calls = emulator.callCounts().minus(before);
        Duration emulatorCpu = emulator.cpu().minus(emulatorCpuBefore);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Optional<RunState> state = options.mode() == Mode.RECONCILE ? runState(emulator) : Optional.empty();
        int checked = invocations.stream().mapToInt(Invocation::checked).sum();
        int waited = invocations.stream().flatMap(i -> i.outcomes().entrySet().stream())
                .filter(e -> Outcome.valueOf(e.getKey()).isChange()).mapToInt(Map.Entry::getValue).sum();
        return new Run(scenario, number, List.copyOf(invocations), finished, wall, leaseWait,
                ideal(options, scenario, checked, waited, calls, roundTrip), calls, heapStats, functionCpu, emulatorCpu,
                state,
                load);
    }

    private static Invocation invoke(ManualCheckHandler handler, String request) {
        var log = new LogTally();
        var context = new TestContext(LAMBDA_TIMEOUT.toMillis(), log);
        var output = new ByteArrayOutputStream();
        long start = System.nanoTime();
        Optional<String> failure = Optional.empty();
        try {
            handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), output, context);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            // What Lambda would record as the invocation's error; the schedule carries on regardless.
            var trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            failure = Optional.of(trace.toString());
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        var outcomes = new TreeMap<String, Integer>();
        Optional<String> note = Optional.empty();
        Optional<String> runUnderWay = Optional.empty();
        if (failure.isEmpty()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> report = (Map<String, Object>) Json.parse(output.toString(StandardCharsets.UTF_8));
            ((Map<?, ?>) report.get("summary")).forEach((outcome, count) ->
                    outcomes.put(String.valueOf(outcome), ((Number) count).intValue()));
            note = Optional.ofNullable(report.get("note")).map(String::valueOf);
            // A run under way, named in the response: the same request continues it.
            runUnderWay = Optional.ofNullable(report.get("run")).map(run -> String.valueOf(((Map<?, ?>) run).get("runId")));
        }
        return new Invocation(request, wall, outcomes, output.size(), note, runUnderWay, failure, log.untilFirstResult(),
                log.untilLastResult(), log.lines(), log.longestLine(), log.notes());
    }

    private static final Pattern LEASED_UNTIL = Pattern.compile("being continued by another invocation until (\\S+)");

    static Optional<Instant> leasedUntil(String note) {
        Matcher matcher = LEASED_UNTIL.matcher(note);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(matcher.group(1)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<RunState> runState(EmulatorProcess emulator) {
        return emulator.item(Fixtures.STATUS_TABLE, "run", "current").map(item -> new RunState(
                text(item, "runId"), number(item, "accounts"), number(item, "checked"),
                Boolean.TRUE.equals(item.get("checkedAll") == null ? null : item.get("checkedAll").bool()),
                Boolean.TRUE.equals(item.get("digestSent") == null ? null : item.get("digestSent").bool())));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        return item.get(name) == null ? "" : item.get(name).s();
    }

    private static int number(Map<String, AttributeValue> item, String name) {
        return item.get(name) == null ? -1 : Integer.parseInt(item.get(name).n());
    }

    /**
     * The throughput the configuration allows when nothing but latency, propagation waits and throttles holds it back.
     * Each worker spends (needed calls per account x latency) on an account, and an account whose role this run
     * created or repaired holds its worker for the propagation delay besides (the role cannot be assumed sooner), so
     * {@code concurrency} workers manage concurrency / (calls x latency + share waited x delay) accounts a second; a
     * throttle bucket of r requests/s manages r / (its needed calls per account). Needed calls are the ones that were
     * not throttled (a retry after a throttle is waste, not work). Per-account buckets (IAM) bound one account's own
     * calls only, and one account never makes a burst's worth: they bound no rate of the whole run.
     */
    static Ideal ideal(Options options, Scenario scenario, int accounts, int waited, CallCounts calls,
                       RoundTrip roundTrip) {
        var bounds = new LinkedHashMap<String, Double>();
        var notes = new ArrayList<String>();
        if (accounts == 0) {
            return new Ideal(Double.NaN, "no account checked", bounds, Double.NaN, notes, roundTrip, Double.NaN);
        }
        double perAccount = (double) calls.needed() / accounts;
        double latency = options.latencyMs() / 1000.0;
        double waitPerAccount = (double) waited / accounts * scenario.propagationDelayMs() / 1000.0;
        String concurrency = String.format(Locale.ROOT, "concurrency %d x (%.2f calls x %d ms%s)",
                scenario.concurrency(), perAccount, options.latencyMs(),
                waited == 0 || scenario.propagationDelayMs() == 0 ? ""
                        : String.format(Locale.ROOT, " + %.1f%% x %.1f s propagation", 100.0 * waited / accounts,
                                scenario.propagationDelayMs() / 1000.0));
        double busy = perAccount * latency + waitPerAccount;
        bounds.put(concurrency, busy > 0 ? scenario.concurrency() / busy : Double.POSITIVE_INFINITY);
        double ceiling = Double.POSITIVE_INFINITY;
        for (Limit limit : options.limits()) {
            double inBucket = (double) calls.needed(limit.bucket()) / accounts;
            if (limit.perAccount()) {
                if (inBucket > 0) {
                    notes.add(String.format(Locale.ROOT, "%s %s/s per account: %.2f calls per checked account, "
                            + "within one account's burst of %s: no bound on the run", limit.bucket(),
                            format(limit.rps()), inBucket, format(limit.rps())));
                }
                continue;
            }
            if (inBucket > 0) {
                double bound = limit.rps() / inBucket;
                bounds.put(limit.bucket() + " " + format(limit.rps()) + "/s", bound);
                ceiling = Math.min(ceiling, bound);
            }
        }
        var lowest = bounds.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        double busyAtRoundTrip = perAccount * roundTrip.meanMs() / 1000.0 + waitPerAccount;
        double atRoundTrip = Math.min(ceiling, busyAtRoundTrip > 0 ? scenario.concurrency() / busyAtRoundTrip
                : Double.POSITIVE_INFINITY);
        return new Ideal(lowest.getValue(), lowest.getKey(), bounds, ceiling, notes, roundTrip, atRoundTrip);
    }

    /**
     * Times requests that cost nothing to answer (a GetItem of an absent key: a bucket of 12,000/s, never throttled
     * here), {@code concurrency} at a time after a warm-up, as the checks' calls go.
     */
    static RoundTrip roundTrip(DynamoDbClient dynamoDb, int concurrency) {
        // Enough warm-up for the JIT to compile the SDK's request path, as it is by the time a run has gone a while.
        int warmUp = Math.max(200, 5_000 / concurrency);
        int measured = Math.max(200, 4_000 / concurrency);
        var times = new ConcurrentLinkedQueue<Long>();
        var pool = Executors.newFixedThreadPool(concurrency);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < concurrency; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < warmUp + measured; i++) {
                        long start = System.nanoTime();
                        dynamoDb.getItem(r -> r.tableName(Fixtures.STATUS_TABLE).key(Map.of(
                                "pk", AttributeValue.fromS("round-trip"), "sk", AttributeValue.fromS("probe"))));
                        if (i >= warmUp) {
                            times.add(System.nanoTime() - start);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("round-trip calibration failed", e);
        } finally {
            pool.shutdown();
        }
        var sorted = times.stream().sorted().toList();
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1e6;
        return new RoundTrip(concurrency, sorted.size(), mean, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(sorted.size() * 99 / 100) / 1e6);
    }

    private static AwsCredentials functionRoleSession(EmulatorProcess emulator) {
        try (StsClient sts = StsClient.builder().endpointOverride(emulator.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        emulator.accessKeyId(), emulator.secretAccessKey())))
                .build()) {
            Credentials c = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + Fixtures.MANAGEMENT_ACCOUNT_ID + ":role/"
                    + Fixtures.FUNCTION_ROLE).roleSessionName("org-access-guard").durationSeconds(SESSION_SECONDS))
                    .credentials();
            return AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------- printing

    private static void header(Options options) {
        System.out.println("org-access-guard backfill benchmark (issues 4 and 11)");
        System.out.printf(Locale.ROOT, "java %s, %d cores, function heap -Xmx %d MB, Lambda time %d min per "
                + "invocation%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, LAMBDA_TIMEOUT.toMinutes());
        System.out.println(options.mode() == Mode.RECONCILE
                ? "a run: " + START + ", then " + CONTINUE + " back to back (not 15 minutes apart, as the continue "
                        + "schedule would) until the run is finished"
                : "a run: " + ALL + ", then the same request until the run is complete");
        System.out.printf(Locale.ROOT, "emulator: separate process (-Xmx%s), latency %d ms on every call, call log "
                + "%s%n", options.emulatorHeap(), options.latencyMs(), options.callLog() ? "on" : "off (counts only)");
        System.out.println("throttles (token buckets, burst = rate):");
        for (Limit limit : options.limits()) {
            System.out.printf(Locale.ROOT, "  %-36s %8s/s %-12s %s%n", limit.bucket(), format(limit.rps()),
                    limit.perAccount() ? "per account" : "", limit.source());
        }
        System.out.println("scenarios:");
        scenarios(options).forEach(s -> System.out.printf(Locale.ROOT, "  %,7d %-12s propagation %5d ms, "
                + "MAX_CONCURRENCY %2d, %d run(s)%n", s.size(), s.name(), s.propagationDelayMs(), s.concurrency(),
                s.runs()));
    }

    private static String describe(int number, Invocation invocation) {
        String what = invocation.failure().map(trace -> "FAILED: " + trace.lines().limit(12)
                        .reduce((a, b) -> a + "\n      " + b).orElse(""))
                .orElseGet(() -> invocation.note().orElse(invocation.runUnderWay().map(run -> "run " + run + " under way")
                        .orElse("complete")));
        return String.format(Locale.ROOT, "invocation %d %s: %.1f s, %,d checked, response %,d B, %,d log lines "
                + "(longest %,d chars); %s", number, invocation.request(), invocation.wall().toMillis() / 1000.0,
                invocation.checked(), invocation.responseBytes(), invocation.logLines(), invocation.longestLogLine(),
                what);
    }

    private static void print(Run run) {
        System.out.println();
        table(List.of(run), System.out);
        System.out.printf(Locale.ROOT, "  outcomes: %s%n", run.outcomes());
        System.out.printf(Locale.ROOT, "  ideal bounds (accounts/s): %s%n", joined(run.ideal().bounds()));
        System.out.printf(Locale.ROOT, "  at the measured round trip of %.1f ms instead of the configured latency: ideal"
                + " %.1f/s, ratio %.0f%%%n", run.ideal().roundTrip().meanMs(), run.ideal().atRoundTrip(),
                100 * run.atRoundTripRatio());
        run.ideal().notes().forEach(note -> System.out.println("    " + note));
        System.out.printf(Locale.ROOT, "  calls per account (needed, +throttled):%n");
        run.calls().operations().forEach((name, op) -> System.out.printf(Locale.ROOT, "    %-42s %7.3f  (%,d)%s%s%s%n",
                name, run.perAccount(op.needed()), op.calls(),
                op.throttled() > 0 ? String.format(Locale.ROOT, "  +%d throttled", op.throttled()) : "",
                errors(op), op.attempts().size() > 1 ? "  attempts " + op.attempts() : ""));
        Invocation first = run.invocations().getFirst();
        Invocation last = run.invocations().getLast();
        System.out.printf(Locale.ROOT, "  phases: %.1f s to the first account result (listing, run start), then "
                + "checks; %.1f s after the last result of the last invocation (digest, statuses, response)%n",
                first.untilFirstResult().toMillis() / 1000.0,
                last.wall().minus(last.untilLastResult()).toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "  retries: the most attempts any call took: %d (SDK attempt numbers)%n",
                run.calls().maxAttempt());
        System.out.printf(Locale.ROOT, "  cpu: function %.1f s, emulator %.1f s (of %.1f s x %d cores); load average "
                + "%.2f at the end%n", run.functionCpu().toMillis() / 1000.0, run.emulatorCpu().toMillis() / 1000.0,
                run.wall().toMillis() / 1000.0, Runtime.getRuntime().availableProcessors(), run.loadAverage());
        System.out.printf(Locale.ROOT, "  heap: before %.1f MB, peak %.1f MB (sum of pool peaks), max after GC "
                + "%.1f MB, %d GCs / %d ms, -Xmx %d MB; largest response %,d bytes; longest log line %,d chars%n",
                mb(run.heap().baseline()), mb(run.heap().peak()), mb(run.heap().maxAfterGc()), run.heap().gcCount(),
                run.heap().gcMillis(), run.heap().maxHeap() >> 20, run.largestResponse(), run.longestLogLine());
        run.state().ifPresent(state -> System.out.printf(Locale.ROOT, "  run item: %s, %,d of %,d accounts "
                + "checked, checkedAll %s, digestSent %s%n", state.runId(), state.checked(), state.accounts(),
                state.checkedAll(), state.digestSent()));
        if (!run.leaseWait().isZero()) {
            System.out.printf(Locale.ROOT, "  waited %.0f s for leases of failed invocations (in the wall time)%n",
                    run.leaseWait().toMillis() / 1000.0);
        }
        var notes = run.invocations().stream().flatMap(i -> i.notes().stream()).toList();
        if (!notes.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %d note(s), first ones:%n", notes.size());
            notes.stream().limit(8).forEach(note -> System.out.println("    " + note));
        }
        run.invocations().stream().filter(i -> i.failure().isPresent()).forEach(i ->
                System.out.println("  failed invocation " + i.request() + ":\n" + i.failure().get()));
        System.out.flush();
    }

    private static String errors(CallCounts.Operation op) {
        var other = new LinkedHashMap<String, Long>(op.errors());
        CallCounts.THROTTLING_CODES.forEach(other::remove);
        return other.isEmpty() ? "" : "  (answered " + other + ")";
    }

    static void table(List<Run> runs, PrintStream out) {
        out.printf(Locale.ROOT, "%-7s %-12s %4s %3s %3s %7s %7s %7s %7s %-13s %6s %6s %6s %6s %7s %7s %7s %7s %9s "
                        + "%4s %6s %5s%n", "members", "scenario", "conc", "run", "inv", "checked", "wall s", "acct/s",
                "ideal/s", "bound", "ratio", "list s", "at rt", "org", "org/acc", "ddb/acc", "peak MB", "afterGC",
                "resp B", "SNS", "thrott", "cpu");
        for (Run run : runs) {
            out.printf(Locale.ROOT, "%-7d %-12s %4d %3d %3d %7s %7.1f %7.1f %7.1f %-13s %5.0f%% %6.1f %5.0f%% %6d "
                            + "%7.3f %7.3f %7.1f %7.1f %9d %4d %6d %4.0f%%%n",
                    run.scenario().size(), run.scenario().name(), run.scenario().concurrency(), run.number(),
                    run.invocations().size(), run.finished() ? String.valueOf(run.checked()) : run.checked() + "!",
                    run.wall().toMillis() / 1000.0, run.rate(), run.ideal().rate(), shortBound(run.ideal().bound()),
                    100 * run.ratio(), run.listing().toMillis() / 1000.0, 100 * run.atRoundTripRatio(),
                    run.calls().calls("organizations"),
                    run.perAccount(run.calls().calls("organizations")),
                    run.perAccount(run.calls().calls("dynamodb")), mb(run.heap().peak()),
                    mb(run.heap().maxAfterGc()), run.largestResponse(), run.published(), run.calls().throttled(),
                    100 * run.cpuShare());
        }
    }

    private static String shortBound(String bound) {
        return bound.startsWith("concurrency") ? "concurrency" : bound.substring(0, bound.indexOf(' '));
    }

    private static void summary(Options options, List<Run> runs, PrintStream out) {
        out.println("== summary ==");
        table(runs, out);
        out.println("  checked: accounts in the responses' summaries (\"!\": the run did not finish); org, org/acc:"
                + " Organizations requests of the run in all (throttled included) and per account; ddb/acc: DynamoDB"
                + " requests per account; list s: the time to the first account result (the first part of the listing,"
                + " the run's start); at rt: acct/s over the ideal computed with the measured round trip in place of"
                + " the configured latency; SNS: messages published (the digest); thrott: throttled requests; cpu:"
                + " the share of this machine's " + Runtime.getRuntime().availableProcessors() + " cores the function"
                + " and the emulator used (the machine is shared: other builds take the rest)");
        runs.stream().map(run -> run.ideal().bound()).distinct()
                .forEach(bound -> out.println("  bound: " + bound));
        out.println();
        runs.stream().filter(run -> run.scenario().mix().equals(Mix.STANDARD) && run.number() == 2
                        && run.scenario().size() == ORGANIZATIONS_BUDGET_SIZE).forEach(run -> {
            long calls = run.calls().calls("organizations");
            var perOperation = new LinkedHashMap<String, Long>();
            run.calls().operations().forEach((name, op) -> {
                if (name.startsWith("organizations:")) {
                    perOperation.put(name.substring("organizations:".length()), op.calls());
                }
            });
            out.printf(Locale.ROOT, "Organizations calls of a whole run over the unchanged organization of %,d "
                    + "accounts: %d %s, %d throttled; issue 11 allows at most %d: %s%n", run.checked(), calls,
                    perOperation, run.calls().throttled("organizations"), ORGANIZATIONS_BUDGET,
                    calls <= ORGANIZATIONS_BUDGET ? "WITHIN" : "OVER");
        });
        List<Run> sweep = runs.stream().filter(run -> run.scenario().size() == options.sweepSize()
                        && !run.scenario().mix().equals(Mix.STANDARD))
                .sorted(Comparator.comparingInt(run -> run.scenario().concurrency())).toList();
        if (sweep.size() > 1) {
            out.println();
            out.printf(Locale.ROOT, "MAX_CONCURRENCY, %,d accounts, %s, propagation delay %d ms:%n",
                    options.sweepSize(), sweep.getFirst().scenario().name(),
                    sweep.getFirst().scenario().propagationDelayMs());
            out.printf(Locale.ROOT, "  %4s %3s %8s %8s %8s %-13s %6s %6s %10s %11s %8s %8s %5s%n", "conc", "inv",
                    "wall s", "acct/s", "ideal/s", "bound", "ratio", "at rt", "ceiling/s", "of ceiling", "peak MB",
                    "afterGC", "cpu");
            for (Run run : sweep) {
                out.printf(Locale.ROOT, "  %4d %3d %8.1f %8.1f %8.1f %-13s %5.0f%% %5.0f%% %10.1f %10.0f%% %8.1f "
                                + "%8.1f %4.0f%%%n", run.scenario().concurrency(), run.invocations().size(),
                        run.wall().toMillis() / 1000.0, run.rate(), run.ideal().rate(),
                        shortBound(run.ideal().bound()), 100 * run.ratio(), 100 * run.atRoundTripRatio(),
                        run.ideal().ceiling(),
                        100 * run.rate() / run.ideal().ceiling(), mb(run.heap().peak()),
                        mb(run.heap().maxAfterGc()), 100 * run.cpuShare());
            }
            out.println("  ceiling: the lowest throttle bound, which no concurrency passes");
        }
        List<Run> broken = runs.stream().filter(run -> !run.finished() || run.failures() > 0).toList();
        if (!broken.isEmpty()) {
            out.println();
            broken.forEach(run -> out.printf(Locale.ROOT, "%,d %s run %d: %s, %d failed invocation(s)%n",
                    run.scenario().size(), run.scenario().name(), run.number(),
                    run.finished() ? "finished" : "NOT finished", run.failures()));
        }
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
        List<Integer> sizes = List.of(1_000, 10_000, 50_000);
        Mode mode = Mode.RECONCILE;
        Set<String> scenarios = new LinkedHashSet<>(List.of("standard", "creation", "sweep"));
        int runs = 2;
        int creationPercent = 5;
        int creationDelay = 5_000;
        int standardDelay = 0;
        int latency = 20;
        int maxConcurrency = GuardConfig.from(Map.of()).maxConcurrency();
        List<Integer> sweep = List.of(8, 16, 32, 64);
        int sweepSize = 10_000;
        int maxInvocations = 50;
        boolean defaults = true;
        boolean callLog = false;
        Path jar = Path.of("tools/aws-emulator/target/aws-emulator-1.0.0-standalone.jar");
        String emulatorHeap = "2g";
        Path workDir = Path.of("benchmarks/target/backfill");
        var extra = new ArrayList<Limit>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--sizes" -> sizes = integers(args[++i]);
                case "--mode" -> mode = Mode.valueOf(args[++i].toUpperCase(Locale.ROOT));
                case "--scenarios" -> scenarios = new LinkedHashSet<>(Arrays.stream(args[++i].split(","))
                        .map(String::strip).toList());
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--creation-percent" -> creationPercent = Integer.parseInt(args[++i]);
                case "--creation-propagation-delay-ms" -> creationDelay = Integer.parseInt(args[++i]);
                case "--propagation-delay-ms" -> standardDelay = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--max-concurrency" -> maxConcurrency = Integer.parseInt(args[++i]);
                case "--concurrency" -> sweep = integers(args[++i]);
                case "--sweep-size" -> sweepSize = Integer.parseInt(args[++i]);
                case "--max-invocations" -> maxInvocations = Integer.parseInt(args[++i]);
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
        Set<String> known = Set.of("standard", "creation", "sweep");
        if (!known.containsAll(scenarios)) {
            throw new IllegalArgumentException("--scenarios takes " + known + "; got " + scenarios);
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
        return new Options(sizes, mode, Set.copyOf(scenarios), runs, creationPercent, creationDelay, standardDelay,
                latency, maxConcurrency, sweep, sweepSize, List.copyOf(limits), maxInvocations, jar, emulatorHeap,
                callLog, workDir);
    }

    private static List<Integer> integers(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).map(Integer::parseInt).toList();
    }
}
