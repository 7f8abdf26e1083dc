package io.orgaccessguard.it.support;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The programs from outside the JVM that some tests drive, each found the way it is installed, and the one rule for
 * a test that needs one ({@link Required}): when the tool is missing the test is skipped, every test of it reported
 * skipped with a reason that names the tool and how to get it, and nothing of it runs, set-up and tear-down included;
 * under CI (the environment variable {@code CI} set, to anything but {@code false}) it fails instead, so CI never
 * passes by skipping. {@code .ci/run} installs them all.
 *
 * <p>How each is found (the first that answers wins; what was tried is in the reason of a skip):
 * <ul>
 *   <li>a program (the AWS CLI, Chromium, chromedriver): each of that name on {@code PATH} that answers
 *       {@code --version};</li>
 *   <li>a Python library (moto, AWS's SAM translator): an interpreter that imports it, the one named by its variable
 *       ({@code MOTO_PYTHON}, {@code SAM_TRANSLATOR_PYTHON}), then each {@code python3} on {@code PATH};</li>
 *   <li>cfn-lint, both: {@code CFN_LINT_PYTHON}, then a {@code cfn-lint} program on {@code PATH} (as pipx installs
 *       it), then each {@code python3} on {@code PATH} that imports {@code cfnlint} (as {@code pip install --target}
 *       with {@code PYTHONPATH} does, which is how {@code .ci/run} installs it where the machine lacks it).</li>
 * </ul>
 */
public enum OutsideTool {

    /** The AWS CLI, any version. */
    AWS_CLI("the AWS CLI (aws)", "apt-get install awscli, or "
            + "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html",
            env -> program(env, "aws", answer -> true, "")),
    /**
     * An AWS CLI that honours {@code AWS_ENDPOINT_URL}, which sends every request, the ones it makes for a profile's
     * credentials included, to an emulator: 1.29.0 or later, 2.13.0 or later
     * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html, "Support by AWS SDKs and tools").
     * Debian 12's awscli is 2.9.19 and sends them to AWS.
     */
    AWS_CLI_WITH_ENDPOINT_URL("the AWS CLI 1.29+ or 2.13+ (aws that honours AWS_ENDPOINT_URL)",
            "python3 -m pip install awscli (version 1), or "
            + "https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html (version 2)",
            env -> program(env, "aws", OutsideTool::honoursEndpointUrl,
                    "predates AWS_ENDPOINT_URL (1.29.0, 2.13.0)")),
    MOTO("moto 5.2.1 with its server extra", "python3 -m pip install 'moto[server]==5.2.1', or point MOTO_PYTHON at"
            + " a python that has it", env -> python(env, "MOTO_PYTHON",
                    "import moto, moto.server, flask; print(moto.__version__)")),
    CFN_LINT("cfn-lint", "python3 -m pip install cfn-lint==1.51.0 (or pipx install cfn-lint==1.51.0)",
            OutsideTool::cfnLint),
    SAM_TRANSLATOR("AWS's SAM translator (aws-sam-translator, with boto3)", "python3 -m pip install cfn-lint==1.51.0,"
            + " which brings both, or point SAM_TRANSLATOR_PYTHON at a python that has them",
            env -> python(env, "SAM_TRANSLATOR_PYTHON",
                    "import samtranslator, boto3; print(samtranslator.__version__)")),
    CHROMIUM("Chromium (chromium)", "apt-get install chromium", env -> program(env, "chromium", answer -> true, "")),
    CHROMEDRIVER("chromedriver", "apt-get install chromium-driver",
            env -> program(env, "chromedriver", answer -> true, ""));

    /** How cfn-lint runs from a python that imports it (the same line {@code .ci/run} uses). */
    static final String CFN_LINT_MAIN = "import sys; from cfnlint.runner import main; sys.exit(main())";
    private static final long PROBE_SECONDS = 60;
    private static final Map<OutsideTool, Lookup> FOUND = new ConcurrentHashMap<>();

    private final String title;
    private final String howToGet;
    private final Function<Map<String, String>, Lookup> finder;

    OutsideTool(String title, String howToGet, Function<Map<String, String>, Lookup> finder) {
        this.title = title;
        this.howToGet = howToGet;
        this.finder = finder;
    }

    /**
     * The test needs these tools: without them it is skipped (fails under CI) before anything of it runs. On a class,
     * for all its tests; on a method, for that test.
     */
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(Condition.class)
    public @interface Required {
        OutsideTool[] value();
    }

    /**
     * A tool as found: {@code command}, the words that start it (the program; for a Python library the interpreter
     * that imports it), and the last line it answered to the probe (for most, its version).
     */
    public record Found(List<String> command, String version) {

        /** The command with these arguments after it. */
        public List<String> with(String... arguments) {
            return Stream.concat(command.stream(), Arrays.stream(arguments)).toList();
        }
    }

    /** What a search found, and what it tried. */
    record Lookup(Optional<Found> found, List<String> tried) {

        static Lookup of(List<String> tried, Optional<Found> found) {
            return new Lookup(found, List.copyOf(tried));
        }
    }

    /** The tool, as found on this machine (searched once per JVM). Only for tests {@link Required} to have it. */
    public Found found() {
        Lookup lookup = onThisMachine();
        return lookup.found().orElseThrow(() -> new IllegalStateException(missing(lookup)
                + " (a test that uses it must be @OutsideTool.Required to have it)"));
    }

    private Lookup onThisMachine() {
        return FOUND.computeIfAbsent(this, tool -> tool.find(System.getenv()));
    }

    /** Searches as described above, in this environment ({@code PATH} and the tool's variable). */
    Lookup find(Map<String, String> env) {
        return finder.apply(env);
    }

    /** Why a test that needs the tool cannot run: the tool, what was tried, how to get it. */
    String missing(Lookup lookup) {
        String tried = lookup.tried().isEmpty() ? "nothing to try" : String.join("; ", lookup.tried());
        return title + " not found (" + tried + "); get it: " + howToGet;
    }

    /** Whether this environment is CI's: {@code CI} set, and not to {@code false} (CI services set it to true). */
    static boolean underCi(Map<String, String> env) {
        String ci = env.getOrDefault("CI", "").strip();
        return !ci.isEmpty() && !ci.equalsIgnoreCase("false");
    }

    /**
     * The rule: every tool found, run; one missing, skip, or under CI fail (thrown, so JUnit reports the class or the
     * test failed).
     */
    static ConditionEvaluationResult decide(List<OutsideTool> tools, Function<OutsideTool, Lookup> lookups,
                                            boolean underCi) {
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (OutsideTool tool : tools) {
            Lookup lookup = lookups.apply(tool);
            lookup.found().ifPresentOrElse(f -> found.add(tool.title + ": " + String.join(" ", f.command())),
                    () -> missing.add(tool.missing(lookup)));
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled(String.join("; ", found));
        }
        if (underCi) {
            throw new AssertionError("CI is set, so this test may not be skipped: " + String.join("; ", missing));
        }
        return ConditionEvaluationResult.disabled("skipped: " + String.join("; ", missing));
    }

    /** Applies {@link Required} to the class or method that carries it. */
    static final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getElement().flatMap(element -> AnnotationSupport.findAnnotation(element, Required.class))
                    .map(required -> decide(List.of(required.value()), OutsideTool::onThisMachine,
                            underCi(System.getenv())))
                    .orElse(ConditionEvaluationResult.enabled("needs no outside tool"));
        }
    }

    /** Each {@code name} on PATH that answers {@code --version}, and with an answer that will do. */
    private static Lookup program(Map<String, String> env, String name, Predicate<String> will, String wont) {
        List<String> tried = new ArrayList<>();
        for (Path candidate : onPath(env, name)) {
            Optional<Found> found = probe(tried, List.of(candidate.toString()), "--version");
            if (found.isPresent() && will.test(found.get().version())) {
                return Lookup.of(tried, found);
            }
            found.ifPresent(unfit -> tried.add(candidate + ": " + unfit.version() + " " + wont));
        }
        if (tried.isEmpty()) {
            tried.add("no " + name + " on PATH");
        }
        return Lookup.of(tried, Optional.empty());
    }

    /** Whether {@code aws --version} answers a version that honours AWS_ENDPOINT_URL (1.29+, 2.13+). */
    static boolean honoursEndpointUrl(String version) {
        Matcher matcher = Pattern.compile("^aws-cli/(\\d+)\\.(\\d+)\\.").matcher(version);
        if (!matcher.find()) {
            return false;
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        return major > 2 || (major == 2 && minor >= 13) || (major == 1 && minor >= 29);
    }

    /** The interpreter {@code variable} names, then each python3 on PATH, that runs {@code probe} (imports). */
    private static Lookup python(Map<String, String> env, String variable, String probe) {
        List<String> tried = new ArrayList<>();
        for (String python : interpreters(env, variable)) {
            Optional<Found> found = probe(tried, List.of(python), "-c", probe);
            if (found.isPresent()) {
                return Lookup.of(tried, found);
            }
        }
        if (tried.isEmpty()) {
            tried.add("no python3 on PATH and " + variable + " unset");
        }
        return Lookup.of(tried, Optional.empty());
    }

    private static Lookup cfnLint(Map<String, String> env) {
        List<String> tried = new ArrayList<>();
        List<List<String>> candidates = new ArrayList<>();
        Optional.ofNullable(env.get("CFN_LINT_PYTHON")).filter(value -> !value.isBlank())
                .ifPresent(python -> candidates.add(List.of(python, "-c", CFN_LINT_MAIN)));
        onPath(env, "cfn-lint").forEach(program -> candidates.add(List.of(program.toString())));
        onPath(env, "python3").forEach(python -> candidates.add(List.of(python.toString(), "-c", CFN_LINT_MAIN)));
        for (List<String> candidate : candidates) {
            Optional<Found> found = probe(tried, candidate, "--version");
            if (found.isPresent()) {
                return Lookup.of(tried, found);
            }
        }
        if (tried.isEmpty()) {
            tried.add("no cfn-lint nor python3 on PATH and CFN_LINT_PYTHON unset");
        }
        return Lookup.of(tried, Optional.empty());
    }

    private static List<String> interpreters(Map<String, String> env, String variable) {
        List<String> interpreters = new ArrayList<>();
        Optional.ofNullable(env.get(variable)).filter(value -> !value.isBlank()).ifPresent(interpreters::add);
        onPath(env, "python3").forEach(python -> interpreters.add(python.toString()));
        return interpreters;
    }

    /** Every executable {@code name} in the folders of PATH, in order, each file once (/bin may be /usr/bin). */
    static List<Path> onPath(Map<String, String> env, String name) {
        Set<Path> seen = new LinkedHashSet<>();
        List<Path> found = new ArrayList<>();
        for (String folder : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (folder.isBlank()) {
                continue;
            }
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                try {
                    if (seen.add(candidate.toRealPath())) {
                        found.add(candidate);
                    }
                } catch (IOException gone) {
                    // removed while looked at: not there
                }
            }
        }
        return found;
    }

    /** Runs {@code command} with {@code arguments}; found when it exits 0. Notes each failure in {@code tried}. */
    private static Optional<Found> probe(List<String> tried, List<String> command, String... arguments) {
        List<String> line = Stream.concat(command.stream(), Arrays.stream(arguments)).toList();
        String shown = String.join(" ", command);
        try {
            Process process = new ProcessBuilder(line).start();
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                tried.add(shown + ": no answer within " + PROBE_SECONDS + " s");
                return Optional.empty();
            }
            String answer = lastLine(stdout).or(() -> lastLine(stderr.join())).orElse("");
            if (process.exitValue() != 0) {
                tried.add(shown + ": " + lastLine(stderr.join()).or(() -> lastLine(stdout))
                        .orElse("exit " + process.exitValue()));
                return Optional.empty();
            }
            return Optional.of(new Found(command, answer));
        } catch (IOException e) {
            tried.add(shown + ": " + e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String readAll(java.io.InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<String> lastLine(String output) {
        List<String> lines = output.lines().map(String::strip).filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.getLast());
    }
}
