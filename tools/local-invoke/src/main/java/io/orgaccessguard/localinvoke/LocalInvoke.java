package io.orgaccessguard.localinvoke;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgaccessguard.localinvoke.build.BuildException;
import io.orgaccessguard.localinvoke.build.FunctionBuilder;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.localinvoke.template.TemplateException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one function of a SAM template the way Lambda's java21 managed runtime runs it: laid out like
 * {@code sam build}, environment as Lambda sets it, a fresh JVM running the real runtime interface client against a
 * local Runtime API. See the module's README for the command line.
 *
 * <pre>{@code
 * InvokeResult r = LocalInvoke.invoke(InvokeRequest.builder(Path.of("template.yaml"), "JoinEventFunction")
 *         .event(Files.readString(Path.of("events/account-joined.json")))
 *         .envVarsFile(Path.of("env.json"))
 *         .build());
 *
 * try (FunctionInstance fn = LocalInvoke.start(request)) {   // cold, then warm
 *     InvokeResult cold = fn.invoke(event);                  // cold.initDurationMs() != null
 *     InvokeResult warm = fn.invoke(event);                  // same JVM
 * }
 * }</pre>
 */
public final class LocalInvoke {

    /** Exit code: the function returned a response. */
    public static final int EXIT_OK = 0;
    /** Exit code: the function threw. */
    public static final int EXIT_FUNCTION_ERROR = 1;
    /** Exit code: bad arguments, template, environment or build. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: the invocation timed out. */
    public static final int EXIT_TIMEOUT = 3;
    /** Exit code: init failed or the runtime exited. */
    public static final int EXIT_RUNTIME = 4;

    /** Lambda's limit for the init phase of an on-demand function. */
    public static final int LAMBDA_INIT_LIMIT_SECONDS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalInvoke() {
    }

    /**
     * Everything decided before the JVM starts.
     *
     * @param template    the template, with the parameter and pseudo parameter values used
     * @param function    the function, Globals merged
     * @param taskRoot    its layout
     * @param environment its environment (without {@code AWS_LAMBDA_RUNTIME_API})
     * @param launchSpec  how its JVM is started
     */
    public record Prepared(SamTemplate template, SamFunction function, Path taskRoot, LambdaEnvironment environment,
                           FunctionInstance.LaunchSpec launchSpec) {
    }

    /** Builds (or reuses), lays out, starts a fresh JVM, invokes once, and shuts the JVM down. */
    public static InvokeResult invoke(InvokeRequest request) {
        validateJson(request.eventJson());
        try (FunctionInstance instance = start(request)) {
            return instance.invoke(request.eventJson());
        }
    }

    /**
     * Builds (or reuses) and lays out the function, and starts its JVM. Invoke it as many times as wanted: the first
     * invocation is the cold start, later ones are warm. Close it when done.
     */
    public static FunctionInstance start(InvokeRequest request) {
        return FunctionInstance.launch(prepare(request).launchSpec());
    }

    /**
     * Resolves the template, the function, its layout (building it unless {@code skipBuild}) and its environment,
     * without starting anything.
     *
     * @throws TemplateException    if the template is invalid or lacks the function
     * @throws BuildException       if the build fails
     * @throws LocalInvokeException if the function cannot run locally as configured
     */
    public static Prepared prepare(InvokeRequest request) {
        Consumer<String> log = request.logSink() != null ? request.logSink() : line -> { };
        SamTemplate base = SamTemplate.load(request.template());
        Map<String, String> fileForRegion = request.envVars().forFunction(request.functionLogicalId(),
                Optional.empty());
        String region = firstNonBlank(request.region(), fileForRegion.get("AWS_REGION"),
                fileForRegion.get("AWS_DEFAULT_REGION"), request.callerEnvironment().get("AWS_REGION"),
                request.callerEnvironment().get("AWS_DEFAULT_REGION"), PseudoParameters.DEFAULT_REGION);
        PseudoParameters pseudo = PseudoParameters.forRegion(region);
        if (request.accountId() != null) {
            pseudo = pseudo.withAccountId(request.accountId());
        }
        SamTemplate template = base.withParameterOverrides(request.parameterOverrides()).withPseudoParameters(pseudo);
        SamFunction function = template.function(request.functionLogicalId());

        String runtime = function.runtime().orElseThrow(() -> new LocalInvokeException(function.logicalId()
                + " has no Runtime (image functions are not supported)"));
        if (!runtime.startsWith("java")) {
            throw new LocalInvokeException(function.logicalId() + " runs " + runtime + "; only Java runtimes are "
                    + "supported");
        }
        String handler = function.handler().orElseThrow(() -> new LocalInvokeException(function.logicalId()
                + " has no Handler"));
        Path java = request.java() != null ? request.java()
                : Path.of(System.getProperty("java.home"), "bin", "java");
        checkJavaVersion(runtime, java, log);
        if (!function.architectures().contains(machineArchitecture())) {
            log.accept("Note: " + function.logicalId() + " declares " + function.architectures() + "; this machine is "
                    + machineArchitecture());
        }

        Path buildDir = request.buildDir() != null ? request.buildDir().toAbsolutePath().normalize()
                : template.baseDirectory().resolve(".aws-sam").resolve("build");
        Path taskRoot = buildDir.resolve(function.logicalId());
        Path runtimeDir = buildDir.resolve(".local-invoke-runtime");

        String functionName = function.functionName().orElse(function.logicalId());
        Optional<String> alias = function.autoPublishAlias();
        String version = alias.isPresent() ? "1" : "$LATEST";
        PseudoParameters p = template.pseudoParameters();
        String arn = "arn:" + p.partition() + ":lambda:" + p.region() + ":" + p.accountId() + ":function:"
                + functionName + alias.map(a -> ":" + a).orElse("");
        String initType = request.initializationType() != null ? request.initializationType()
                : function.snapStartEnabled() ? "snap-start" : "on-demand";

        LambdaEnvironment environment = LambdaEnvironment.build(function, request.envVars(),
                request.callerEnvironment(), new LambdaEnvironment.Settings(functionName, version, taskRoot,
                        runtimeDir, initType));
        environment.warnings().forEach(w -> log.accept("Warning: " + w));
        // The environment is settled before the (slow) build, so configuration errors show at once.
        FunctionBuilder.layout(function, buildDir, request.maven(), request.skipBuild(), log);

        int timeout = request.timeoutSeconds() != null ? request.timeoutSeconds() : function.timeout();
        if (timeout < 1) {
            throw new LocalInvokeException("the timeout must be at least 1 second");
        }
        int initTimeout = request.initTimeoutSeconds() != null ? request.initTimeoutSeconds()
                : LAMBDA_INIT_LIMIT_SECONDS + timeout;
        FunctionInstance.LaunchSpec spec = new FunctionInstance.LaunchSpec(java, request.jvmArgs(), taskRoot, handler,
                environment.variables(), function.memorySize(), timeout, initTimeout, arn, runtimeDir,
                request.logSink());
        return new Prepared(template, function, taskRoot, environment, spec);
    }

    /** Command-line entry point; exits with one of the {@code EXIT_*} codes. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line: the response (or error) JSON goes to {@code out}, everything else to {@code err}.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("local-invoke: " + e.getMessage());
            err.println(CommandLine.USAGE);
            return EXIT_USAGE;
        }
        if (cli.help) {
            out.println(CommandLine.USAGE);
            return EXIT_OK;
        }
        try {
            String event = cli.event.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(cli.event));
            validateJson(event);
            InvokeRequest.Builder builder = InvokeRequest.builder(Path.of(cli.template), cli.function)
                    .event(event)
                    .envVarsFile(cli.envVars == null ? null : Path.of(cli.envVars))
                    .parameterOverrides(cli.parameterOverrides)
                    .buildDir(cli.buildDir == null ? null : Path.of(cli.buildDir))
                    .skipBuild(cli.skipBuild)
                    .maven(cli.maven)
                    .timeoutSeconds(cli.timeoutSeconds)
                    .initTimeoutSeconds(cli.initTimeoutSeconds)
                    .java(cli.java == null ? null : Path.of(cli.java))
                    .region(cli.region)
                    .accountId(cli.accountId)
                    .initializationType(cli.initType)
                    .logSink(err::println);
            cli.jvmArgs.forEach(builder::jvmArg);
            InvokeRequest request = builder.build();
            Prepared prepared = prepare(request);
            if (cli.printEnv) {
                err.println("Environment of " + prepared.function().logicalId() + ":");
                err.println(prepared.environment().describe(prepared.template().parameters(),
                        prepared.template().parameterValues()));
            }
            int exit = EXIT_OK;
            try (FunctionInstance instance = FunctionInstance.launch(prepared.launchSpec())) {
                for (int i = 0; i < cli.repeat; i++) {
                    InvokeResult result = instance.invoke(event);
                    exit = report(result, out, err);
                    if (!instance.isAlive()) {
                        break;
                    }
                }
            }
            return exit;
        } catch (TemplateException | BuildException | LocalInvokeException | IllegalArgumentException e) {
            err.println("local-invoke: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            err.println("local-invoke: cannot read the event: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    private static int report(InvokeResult result, PrintStream out, PrintStream err) {
        if (result.isSuccess()) {
            out.println(result.responseJson());
            return EXIT_OK;
        }
        out.println(result.errorJson());
        err.println("Error: " + result.errorType() + ": " + result.errorMessage());
        result.stackTrace().forEach(line -> err.println("\tat " + line));
        return switch (result.status()) {
            case FUNCTION_ERROR -> EXIT_FUNCTION_ERROR;
            case TIMEOUT -> EXIT_TIMEOUT;
            default -> EXIT_RUNTIME;
        };
    }

    static void validateJson(String event) {
        try {
            JSON.readTree(event);
        } catch (IOException e) {
            throw new IllegalArgumentException("the event is not valid JSON: " + e.getMessage());
        }
    }

    private static void checkJavaVersion(String runtime, Path java, Consumer<String> log) {
        int wanted;
        try {
            wanted = Integer.parseInt(runtime.replaceAll("[^0-9]", ""));
        } catch (NumberFormatException e) {
            return;
        }
        int local = javaMajorVersion(java);
        if (local < 0) {
            return;
        }
        if (local < wanted) {
            throw new LocalInvokeException(java + " is Java " + local + "; the function needs " + runtime
                    + " (use --java)");
        }
        if (local != wanted) {
            log.accept("Note: the function declares " + runtime + "; running it on Java " + local);
        }
    }

    /** The major version of a {@code java} executable, from its installation's {@code release} file; -1 if unknown. */
    static int javaMajorVersion(Path java) {
        try {
            Path home = java.toRealPath().getParent().getParent();
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = v.startsWith("1.") ? v.substring(2, 3) : v.split("[.+-]")[0];
                    return Integer.parseInt(major);
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return -1;
    }

    private static String machineArchitecture() {
        String arch = System.getProperty("os.arch");
        return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x86_64";
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /** The parsed command line. */
    static final class CommandLine {
        static final String USAGE = """
                Usage: local-invoke --template <template.yaml> --function <LogicalId> --event <event.json|->
                         [--env-vars <env.json>] [--parameter-overrides K=V ...] [--build-dir <dir>] [--skip-build]
                         [--maven <mvn>] [--timeout-seconds N] [--init-timeout-seconds N] [--java <java>]
                         [--jvm-arg <arg> ...] [--region R] [--account-id A] [--init-type on-demand|snap-start]
                         [--repeat N] [--print-env]
                The response (or error) JSON goes to stdout; build output, the function's logs and the REPORT line
                to stderr. Exit codes: 0 ok, 1 function error, 2 bad usage/template/env/build, 3 timeout,
                4 init error or runtime exit.""";

        String template;
        String function;
        String event;
        String envVars;
        final Map<String, String> parameterOverrides = new LinkedHashMap<>();
        String buildDir;
        boolean skipBuild;
        String maven;
        Integer timeoutSeconds;
        Integer initTimeoutSeconds;
        String java;
        final List<String> jvmArgs = new ArrayList<>();
        String region;
        String accountId;
        String initType;
        int repeat = 1;
        boolean printEnv;
        boolean help;

        static CommandLine parse(String[] args) {
            CommandLine c = new CommandLine();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--template", "-t" -> c.template = value(args, ++i, arg);
                    case "--function", "-f" -> c.function = value(args, ++i, arg);
                    case "--event", "-e" -> c.event = value(args, ++i, arg);
                    case "--env-vars", "-n" -> c.envVars = value(args, ++i, arg);
                    case "--parameter-overrides" -> {
                        boolean any = false;
                        while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                            parseOverride(args[++i], c.parameterOverrides);
                            any = true;
                        }
                        if (!any) {
                            throw new IllegalArgumentException("--parameter-overrides needs K=V values");
                        }
                    }
                    case "--build-dir", "-b" -> c.buildDir = value(args, ++i, arg);
                    case "--skip-build" -> c.skipBuild = true;
                    case "--maven" -> c.maven = value(args, ++i, arg);
                    case "--timeout-seconds" -> c.timeoutSeconds = intValue(args, ++i, arg);
                    case "--init-timeout-seconds" -> c.initTimeoutSeconds = intValue(args, ++i, arg);
                    case "--java" -> c.java = value(args, ++i, arg);
                    case "--jvm-arg" -> c.jvmArgs.add(value(args, ++i, arg));
                    case "--region" -> c.region = value(args, ++i, arg);
                    case "--account-id" -> c.accountId = value(args, ++i, arg);
                    case "--init-type" -> c.initType = value(args, ++i, arg);
                    case "--repeat" -> c.repeat = intValue(args, ++i, arg);
                    case "--print-env" -> c.printEnv = true;
                    case "--help", "-h" -> c.help = true;
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (!c.help) {
                if (c.template == null || c.function == null || c.event == null) {
                    throw new IllegalArgumentException("--template, --function and --event are required");
                }
                if (c.repeat < 1) {
                    throw new IllegalArgumentException("--repeat must be at least 1");
                }
            }
            return c;
        }

        /** {@code K=V} or SAM's {@code ParameterKey=K,ParameterValue=V}. */
        static void parseOverride(String text, Map<String, String> into) {
            if (text.startsWith("ParameterKey=")) {
                int comma = text.indexOf(",ParameterValue=");
                if (comma < 0) {
                    throw new IllegalArgumentException("bad parameter override " + text);
                }
                into.put(text.substring("ParameterKey=".length(), comma),
                        text.substring(comma + ",ParameterValue=".length()));
                return;
            }
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad parameter override " + text + " (want K=V)");
            }
            into.put(text.substring(0, eq), text.substring(eq + 1));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int intValue(String[] args, int i, String option) {
            try {
                return Integer.parseInt(value(args, i, option));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number");
            }
        }
    }
}
