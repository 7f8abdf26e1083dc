package io.orgaccessguard.bench;

import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.localinvoke.EnvVarsFile;
import io.orgaccessguard.localinvoke.InvokeRequest;
import io.orgaccessguard.localinvoke.InvokeResult;
import io.orgaccessguard.localinvoke.LocalInvoke;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Cold start of the join function next to the floor of any Java Lambda function, measured the way Lambda reports it,
 * each sample in a fresh JVM running the real Lambda runtime interface client (through local-invoke):
 *
 * <ol type="a">
 *   <li>the floor: {@code benchmarks/floor-template.yaml}, a handler that returns its input, with the Runtime,
 *       MemorySize, Architectures, LoggingConfig and {@code JAVA_TOOL_OPTIONS} of {@code template.yaml} (checked: the
 *       benchmark refuses to run when they differ);</li>
 *   <li>{@code JoinEventFunction} of {@code template.yaml} on {@code events/account-joined-api-call.json}, which ends
 *       in {@code ACCESS_VERIFIED};</li>
 *   <li>the same on {@code events/account-joined.json}, which ends in {@code ROLE_CREATED} (a fresh emulator per
 *       sample, so the account never has the role yet).</li>
 * </ol>
 *
 * <p>Samples are interleaved (each round runs every case once, in a rotated order), so a neighbour's build slows all
 * cases alike. Then the deployment package: its zip, and which jars of {@code lib/} no class the function loads
 * comes from. Run from the repository root after {@code ./mvnw install -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -B -ntp -f benchmarks/pom.xml exec:java -Dexec.mainClass=io.orgaccessguard.bench.ColdStartBenchmark \
 *     -Dexec.args="--runs 7"
 * </pre>
 *
 * <p>Options: {@code --runs N} (7), {@code --warmup N} (1 discarded round), {@code --template T} (template.yaml),
 * {@code --floor-template F}, {@code --variant LABEL=TEMPLATE} (another build of the function measured in the same
 * rounds, e.g. a copy of the code before a change; repeatable), {@code --variant-jvm-arg LABEL=ARG} (a JVM option for
 * that variant only), {@code --jvm-arg ARG} (for every JVM, floor included), {@code --init-type on-demand|snap-start}
 * (on-demand), {@code --java J} (the function JVMs' java; default this one), {@code --skip-build}, {@code --maven M},
 * {@code --build-dir D} (benchmarks/target/cold-start), {@code --no-package} (skip the package and class-loading
 * analysis).
 */
public final class ColdStartBenchmark {

    /** What Lambda's java runtimes pass and local-invoke does not: org.crac resources reach the runtime's context. */
    static final String LAMBDA_CRAC_COMPAT = "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac";
    static final String FUNCTION = "JoinEventFunction";
    static final String FLOOR = "FloorFunction";

    private ColdStartBenchmark() {
    }

    /** A build of the function: its template (and so its code), and JVM options of its own. */
    record Variant(String label, Path template, List<String> jvmArgs) {
    }

    /** One thing measured: the floor, or a variant of the function on a scenario. */
    record Case(String name, Variant variant, ColdStartFixture.Scenario scenario) {
        boolean isFloor() {
            return scenario == null;
        }
    }

    /** One cold start. */
    record Sample(double initMs, double firstMs, long maxMemoryMb) {
        double coldMs() {
            return initMs + firstMs;
        }
    }

    record Options(int runs, int warmup, Path template, Path floorTemplate, List<Variant> variants,
                   List<String> jvmArgs, String initType, Path java, boolean skipBuild, String maven, Path buildDir,
                   boolean analyzePackage) {
    }

    public static void main(String[] args) throws IOException {
        Options options = parse(args);
        Path root = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("events"))) {
            throw new IllegalStateException("run from the repository root (no events/ in " + root + ")");
        }
        SamFunction floorFunction = SamTemplate.load(options.floorTemplate()).function(FLOOR);
        for (Variant variant : options.variants()) {
            checkSameRuntime(floorFunction, SamTemplate.load(variant.template()).function(FUNCTION), variant);
        }

        System.out.println("Building (as sam build does) ...");
        Map<String, Path> layouts = new LinkedHashMap<>();
        layouts.put("floor", prepare(options, floorRequest(options, List.of()), !options.skipBuild()));
        for (Variant variant : options.variants()) {
            layouts.put(variant.label(), prepare(options, functionRequest(options, variant,
                    ColdStartFixture.ACCESS_VERIFIED, EnvVarsFile.parse("{\"Parameters\": {\"NOTIFICATION_TOPIC_ARN\":"
                            + " \"" + Fixtures.TOPIC_ARN + "\", \"FUNCTION_ROLE_ARNS\": \"\", \"STATUS_TABLE_NAME\":"
                            + " \"" + Fixtures.STATUS_TABLE + "\", \"ARTIFACT_BUCKET\": \"" + Fixtures.ARTIFACT_BUCKET
                            + "\", \"ORGANIZATION_ID\": \"" + Fixtures.ORGANIZATION_ID + "\"}}"), List.of()), !options.skipBuild()));
        }

        List<Case> cases = new ArrayList<>();
        cases.add(new Case("(a) floor", null, null));
        for (Variant variant : options.variants()) {
            String suffix = options.variants().size() > 1 ? " [" + variant.label() + "]" : "";
            cases.add(new Case("(b) ACCESS_VERIFIED" + suffix, variant, ColdStartFixture.ACCESS_VERIFIED));
            cases.add(new Case("(c) ROLE_CREATED" + suffix, variant, ColdStartFixture.ROLE_CREATED));
        }

        String javaVersion = javaDescription(options);
        System.out.printf(Locale.ROOT, "%d round(s) (+%d warm-up), each case once per round in a rotated order, every"
                + " sample a fresh JVM; init type %s; %s; %d cores%n", options.runs(), options.warmup(),
                options.initType(), javaVersion, Runtime.getRuntime().availableProcessors());
        Map<Case, List<Sample>> samples = new LinkedHashMap<>();
        cases.forEach(c -> samples.put(c, new ArrayList<>()));
        List<String> rawLines = new ArrayList<>();
        rawLines.add("round\tcase\tinit_ms\tfirst_invocation_ms\tcold_path_ms\tmax_memory_mb");
        for (int round = -options.warmup(); round < options.runs(); round++) {
            List<Case> order = new ArrayList<>(cases);
            Collections.rotate(order, Math.floorMod(round, order.size()));
            StringBuilder progress = new StringBuilder(round < 0 ? "warm-up" : "round " + (round + 1));
            for (Case c : order) {
                Sample sample = runOnce(options, c, List.of(), null).sample();
                progress.append(String.format(Locale.ROOT, "  %s %.0f+%.0f ms", c.name().substring(0, 3),
                        sample.initMs(), sample.firstMs()));
                if (round >= 0) {
                    samples.get(c).add(sample);
                    rawLines.add(String.format(Locale.ROOT, "%d\t%s\t%.2f\t%.2f\t%.2f\t%d", round + 1, c.name(),
                            sample.initMs(), sample.firstMs(), sample.coldMs(), sample.maxMemoryMb()));
                }
            }
            System.out.println(progress);
        }
        printTable(options, samples);
        Path raw = options.buildDir().resolve("samples-" + Instant.now().toString().replace(':', '-') + ".tsv");
        Files.write(raw, rawLines, StandardCharsets.UTF_8);
        System.out.println("Samples: " + root.relativize(raw.toAbsolutePath()));

        if (options.analyzePackage()) {
            Variant main = options.variants().getFirst();
            analyzePackage(options, main, layouts.get(main.label()), layouts.get("floor"));
        }
    }

    // ---------------------------------------------------------------------------------------------------- running

    record Run(Sample sample, InvokeResult result) {
    }

    /**
     * One fresh JVM, one cold invocation. The function cases get an emulator of their own, seeded anew, which is
     * closed afterwards.
     */
    static Run runOnce(Options options, Case c, List<String> extraJvmArgs, List<String> logSink) {
        List<String> log = logSink != null ? logSink : new CopyOnWriteArrayList<>();
        if (c.isFloor()) {
            InvokeResult result = LocalInvoke.invoke(floorRequest(options, extraJvmArgs).logSink(log::add).build());
            String expected = floorEvent();
            if (!result.isSuccess() || !Objects.equals(result.responseJson().strip(), expected.strip())) {
                throw new IllegalStateException("the floor did not echo its input: " + result.reportLine() + "\n"
                        + String.join("\n", log));
            }
            return new Run(sample(result), result);
        }
        try (AwsEmulator aws = ColdStartFixture.startEmulator()) {
            InvokeResult result = LocalInvoke.invoke(functionRequest(options, c.variant(), c.scenario(),
                    ColdStartFixture.envVars(aws), extraJvmArgs).logSink(log::add).build());
            String outcome = result.isSuccess() ? ColdStartFixture.outcome(result.responseJson(),
                    c.scenario().accountId()) : result.status() + " " + result.errorType() + ": "
                    + result.errorMessage();
            if (!c.scenario().outcome().equals(outcome)) {
                throw new IllegalStateException(c.name() + " ended in " + outcome + ", not " + c.scenario().outcome()
                        + "\n" + String.join("\n", log));
            }
            return new Run(sample(result), result);
        }
    }

    private static Sample sample(InvokeResult result) {
        return new Sample(result.initDuration().orElseThrow(() -> new IllegalStateException("not a cold start")),
                result.durationMs(), result.maxMemoryUsedMb());
    }

    private static Path prepare(Options options, InvokeRequest.Builder request, boolean build) {
        return LocalInvoke.prepare(request.skipBuild(!build).logSink(line -> System.out.println("  " + line)).build())
                .taskRoot();
    }

    private static InvokeRequest.Builder floorRequest(Options options, List<String> extraJvmArgs) {
        InvokeRequest.Builder b = InvokeRequest.builder(options.floorTemplate(), FLOOR)
                .event(floorEvent())
                .buildDir(options.buildDir().resolve("floor"));
        return common(options, b, List.of(), extraJvmArgs);
    }

    private static InvokeRequest.Builder functionRequest(Options options, Variant variant,
                                                         ColdStartFixture.Scenario scenario, EnvVarsFile envVars,
                                                         List<String> extraJvmArgs) {
        InvokeRequest.Builder b = InvokeRequest.builder(variant.template(), FUNCTION)
                .event(event(scenario))
                .envVars(envVars)
                .parameterOverrides(ColdStartFixture.PARAMETER_OVERRIDES)
                .buildDir(options.buildDir().resolve(variant.label()));
        return common(options, b, variant.jvmArgs(), extraJvmArgs);
    }

    private static InvokeRequest.Builder common(Options options, InvokeRequest.Builder b, List<String> variantJvmArgs,
                                                List<String> extraJvmArgs) {
        b.skipBuild(true)
                .accountId(Fixtures.MANAGEMENT_ACCOUNT_ID)
                .region(Fixtures.REGION)
                .callerEnvironment(Map.of())
                .initializationType(options.initType())
                .java(options.java())
                .jvmArg(LAMBDA_CRAC_COMPAT);
        if (options.maven() != null) {
            b.maven(options.maven());
        }
        options.jvmArgs().forEach(b::jvmArg);
        variantJvmArgs.forEach(b::jvmArg);
        extraJvmArgs.forEach(b::jvmArg);
        return b;
    }

    /** The floor returns its input: the same event as (b), so it reads and writes as many bytes. */
    private static String floorEvent() {
        return event(ColdStartFixture.ACCESS_VERIFIED);
    }

    private static String event(ColdStartFixture.Scenario scenario) {
        return EventFiles.read(scenario.eventFile());
    }

    /**
     * The floor must run as the function does: same runtime, memory, architecture, logging and JVM options. Compared
     * on the templates as written (Globals merged), so a change to {@code template.yaml} that the floor lacks stops the
     * benchmark instead of skewing it.
     */
    static void checkSameRuntime(SamFunction floor, SamFunction function, Variant variant) {
        Map<String, List<Object>> differ = new LinkedHashMap<>();
        compare(differ, "Runtime", floor.runtime(), function.runtime());
        compare(differ, "MemorySize", floor.memorySize(), function.memorySize());
        compare(differ, "Architectures", floor.architectures(), function.architectures());
        Map<String, Object> floorLogging = new LinkedHashMap<>(floor.loggingConfig());
        Map<String, Object> functionLogging = new LinkedHashMap<>(function.loggingConfig());
        floorLogging.remove("LogGroup");
        functionLogging.remove("LogGroup");
        compare(differ, "LoggingConfig (but LogGroup)", floorLogging, functionLogging);
        compare(differ, "Environment.Variables.JAVA_TOOL_OPTIONS",
                floor.environmentVariables().get("JAVA_TOOL_OPTIONS"),
                function.environmentVariables().get("JAVA_TOOL_OPTIONS"));
        if (!differ.isEmpty()) {
            StringBuilder message = new StringBuilder("the floor does not run like " + FUNCTION + " of "
                    + variant.template() + "; make benchmarks/floor-template.yaml match it:");
            differ.forEach((what, values) -> message.append("\n  ").append(what).append(": floor ")
                    .append(values.get(0)).append(", function ").append(values.get(1)));
            throw new IllegalStateException(message.toString());
        }
    }

    private static void compare(Map<String, List<Object>> differ, String what, Object floor, Object function) {
        if (!Objects.equals(floor, function)) {
            differ.put(what, java.util.Arrays.asList(floor, function));
        }
    }

    // ---------------------------------------------------------------------------------------------------- reporting

    private static void printTable(Options options, Map<Case, List<Sample>> samples) {
        boolean snapStart = options.initType().equals("snap-start");
        System.out.println();
        System.out.println("Cold start, " + options.runs() + " fresh JVMs per case: median [min - max]"
                + (snapStart ? " (snap-start: init includes the beforeCheckpoint hooks, paid when the version is"
                + " published; first invocation = after restore)" : ""));
        String header = String.format(Locale.ROOT, "%-38s %-22s %-22s %-22s %-16s %-24s", "case", "init ms",
                "first invocation ms", "cold path ms", "max memory MB", "cold path / floor");
        System.out.println(header);
        System.out.println("-".repeat(header.length()));
        List<Sample> floor = samples.entrySet().iterator().next().getValue();
        double floorCold = median(floor, Sample::coldMs);
        for (Map.Entry<Case, List<Sample>> e : samples.entrySet()) {
            List<Sample> s = e.getValue();
            String ratio = "";
            if (!e.getKey().isFloor()) {
                List<Double> paired = new ArrayList<>();
                for (int i = 0; i < s.size(); i++) {
                    paired.add(s.get(i).coldMs() / floor.get(i).coldMs());
                }
                ratio = String.format(Locale.ROOT, "%.2fx (paired %.2f [%.2f-%.2f])", median(s, Sample::coldMs)
                        / floorCold, medianOf(paired), Collections.min(paired), Collections.max(paired));
            }
            System.out.printf(Locale.ROOT, "%-38s %-22s %-22s %-22s %-16s %s%n", e.getKey().name(),
                    stats(s, Sample::initMs), stats(s, Sample::firstMs), stats(s, Sample::coldMs),
                    stats(s, x -> x.maxMemoryMb()), ratio);
        }
        if (snapStart) {
            System.out.println("first invocation / floor's: " + String.join(", ", samples.entrySet().stream()
                    .filter(e -> !e.getKey().isFloor())
                    .map(e -> String.format(Locale.ROOT, "%s %.2fx", e.getKey().name(),
                            median(e.getValue(), Sample::firstMs) / median(floor, Sample::firstMs))).toList()));
        }
        System.out.println();
    }

    private static String stats(List<Sample> samples, ToDoubleFunction<Sample> f) {
        double min = samples.stream().mapToDouble(f).min().orElse(Double.NaN);
        double max = samples.stream().mapToDouble(f).max().orElse(Double.NaN);
        return String.format(Locale.ROOT, "%.0f [%.0f-%.0f]", median(samples, f), min, max);
    }

    static double median(List<Sample> samples, ToDoubleFunction<Sample> f) {
        return medianOf(samples.stream().map(s -> f.applyAsDouble(s)).toList());
    }

    static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    // ---------------------------------------------------------------------------------------------------- package

    /**
     * The zip {@code sam build} + {@code sam deploy} would upload, its jars, and which of them no loaded class comes
     * from in (b) and (c) (one more fresh JVM each, logging class loading), next to what jdeps finds reachable.
     */
    private static void analyzePackage(Options options, Variant variant, Path layout, Path floorLayout)
            throws IOException {
        Path zip = options.buildDir().resolve(variant.label() + "-package.zip");
        long zipped = DeploymentPackage.zip(layout, zip);
        long unzipped = DeploymentPackage.unzippedSize(layout);
        Map<String, Long> jars = DeploymentPackage.jars(layout);
        System.out.printf(Locale.ROOT, "Deployment package of %s [%s]: %s zipped (%s unzipped, limit 250 MB),"
                + " %d jars in lib/; zip at %s%n", FUNCTION, variant.label(), mb(zipped), mb(unzipped), jars.size(),
                Path.of("").toAbsolutePath().relativize(zip.toAbsolutePath()));

        Map<String, DeploymentPackage.ClassLoads> loads = new LinkedHashMap<>();
        Path logDir = options.buildDir().resolve("class-load");
        Files.createDirectories(logDir);
        Case floorCase = new Case("(a) floor", null, null);
        Case b = new Case("(b) ACCESS_VERIFIED", variant, ColdStartFixture.ACCESS_VERIFIED);
        Case c = new Case("(c) ROLE_CREATED", variant, ColdStartFixture.ROLE_CREATED);
        for (Case each : List.of(floorCase, b, c)) {
            Path log = logDir.resolve(each.name().substring(1, 2) + ".log").toAbsolutePath();
            Files.deleteIfExists(log);
            Run run = runOnce(options, each, List.of("-Xlog:class+load=info:file=" + log + ":uptime"), null);
            loads.put(each.name(), DeploymentPackage.classLoads(log, each.isFloor() ? floorLayout : layout,
                    run.sample().initMs()));
        }
        Set<String> reachable = DeploymentPackage.staticallyReachable(layout);

        System.out.println();
        System.out.println("Classes loaded (one more JVM per case, logging class loading; init = loaded before the"
                + " runtime asked for the first event):");
        System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s %8s %8s %8s %8s%n", "case", "total", "in init", "JDK cds",
                "JDK jrt", "runtime", "function", "lib/");
        loads.forEach((name, l) -> {
            int lib = l.bySource().entrySet().stream().filter(e -> e.getKey().endsWith(".jar"))
                    .mapToInt(Map.Entry::getValue).sum();
            System.out.printf(Locale.ROOT, "%-22s %8d %8d %8d %8d %8d %8d %8d%n", name, l.total(), l.duringInit(),
                    l.loadedFrom(DeploymentPackage.JDK_SHARED), l.loadedFrom(DeploymentPackage.JDK_NOT_SHARED),
                    l.loadedFrom(DeploymentPackage.RUNTIME), l.loadedFrom(DeploymentPackage.FUNCTION_CLASSES), lib);
        });
        for (String name : List.of(b.name(), c.name())) {
            System.out.println("Milestones of " + name + " (JVM uptime of the first class loaded of each kind):");
            loads.get(name).milestones().forEach(m -> System.out.printf(Locale.ROOT, "  %8.0f ms  %-32s %s%n",
                    m.uptimeMs(), m.what(), m.className()));
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-58s %10s %8s %8s %10s%n", "jar in lib/", "bytes", "(b)", "(c)",
                "jdeps");
        List<String> unused = new ArrayList<>();
        jars.forEach((jar, bytes) -> {
            int inB = loads.get(b.name()).loadedFrom(jar);
            int inC = loads.get(c.name()).loadedFrom(jar);
            boolean reached = reachable.contains(jar);
            System.out.printf(Locale.ROOT, "%-58s %10d %8d %8d %10s%n", jar, bytes, inB, inC,
                    reached ? "reachable" : "unreached");
            if (inB == 0 && inC == 0) {
                unused.add(jar + (reached ? " (referenced, but no class loaded)" : " (referenced by no class)"));
            }
        });
        System.out.println(unused.isEmpty() ? "Every jar of lib/ contributes a class to (b) or (c)."
                : "Jars no class of (b) or (c) came from:\n  " + String.join("\n  ", unused));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f MB", bytes / 1024.0 / 1024.0);
    }

    private static String javaDescription(Options options) {
        Path java = options.java() != null ? options.java()
                : Path.of(System.getProperty("java.home"), "bin", "java");
        try {
            Path release = java.toRealPath().getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_RUNTIME_VERSION=") || line.startsWith("JAVA_VERSION=")) {
                    return "function JVM " + line.substring(line.indexOf('=') + 1).replace("\"", "") + " ("
                            + System.getProperty("os.arch") + ")";
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return "function JVM " + java;
    }

    // ---------------------------------------------------------------------------------------------------- options

    static Options parse(String[] args) {
        int runs = 7;
        int warmup = 1;
        Path template = Path.of("template.yaml");
        Path floorTemplate = Path.of("benchmarks", "floor-template.yaml");
        Map<String, Path> variantTemplates = new LinkedHashMap<>();
        Map<String, List<String>> variantJvmArgs = new LinkedHashMap<>();
        List<String> jvmArgs = new ArrayList<>();
        String initType = "on-demand";
        Path java = null;
        boolean skipBuild = false;
        String maven = null;
        Path buildDir = Path.of("benchmarks", "target", "cold-start");
        boolean analyzePackage = true;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, arg));
                case "--template" -> template = Path.of(value(args, ++i, arg));
                case "--floor-template" -> floorTemplate = Path.of(value(args, ++i, arg));
                case "--variant" -> {
                    String[] kv = keyValue(value(args, ++i, arg), arg);
                    variantTemplates.put(kv[0], Path.of(kv[1]));
                }
                case "--variant-jvm-arg" -> {
                    String[] kv = keyValue(value(args, ++i, arg), arg);
                    variantJvmArgs.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
                }
                case "--jvm-arg" -> jvmArgs.add(value(args, ++i, arg));
                case "--init-type" -> initType = value(args, ++i, arg);
                case "--java" -> java = Path.of(value(args, ++i, arg));
                case "--skip-build" -> skipBuild = true;
                case "--maven" -> maven = value(args, ++i, arg);
                case "--build-dir" -> buildDir = Path.of(value(args, ++i, arg));
                case "--no-package" -> analyzePackage = false;
                default -> throw new IllegalArgumentException("unknown option " + arg + " (see the class's javadoc)");
            }
        }
        if (!Set.of("on-demand", "snap-start").contains(initType)) {
            throw new IllegalArgumentException("--init-type is on-demand or snap-start");
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        List<Variant> variants = new ArrayList<>();
        String mainLabel = variantTemplates.containsKey("function") ? "function-main" : "function";
        variants.add(new Variant(mainLabel, template.toAbsolutePath(),
                List.copyOf(variantJvmArgs.getOrDefault(mainLabel, List.of()))));
        variantTemplates.forEach((label, path) -> variants.add(new Variant(label, path.toAbsolutePath(),
                List.copyOf(variantJvmArgs.getOrDefault(label, List.of())))));
        for (String label : variantJvmArgs.keySet()) {
            if (variants.stream().noneMatch(v -> v.label().equals(label))) {
                throw new IllegalArgumentException("--variant-jvm-arg names no variant: " + label);
            }
        }
        return new Options(runs, warmup, template.toAbsolutePath(), floorTemplate.toAbsolutePath(), variants,
                List.copyOf(jvmArgs), initType, java, skipBuild, maven, buildDir.toAbsolutePath(), analyzePackage);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String[] keyValue(String text, String option) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(option + " takes LABEL=VALUE, not " + text);
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
