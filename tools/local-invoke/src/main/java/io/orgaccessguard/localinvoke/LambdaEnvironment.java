package io.orgaccessguard.localinvoke;

import io.orgaccessguard.localinvoke.template.IntrinsicResolver;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.TemplateParameter;
import io.orgaccessguard.localinvoke.template.UnresolvableException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The environment of a function JVM, built as Lambda builds it (and as {@code sam local invoke --env-vars} overrides
 * it):
 * <ol>
 *   <li>the function's {@code Environment.Variables} (Globals merged), intrinsics resolved with the template's
 *       parameter and pseudo parameter values;</li>
 *   <li>overridden by the env-vars file ({@code Parameters}, then the function's own section) — for variables the
 *       template declares only: like SAM CLI, other names are ignored (with a warning), so a variable the code needs
 *       but the template forgets is not papered over. A variable whose intrinsic cannot be resolved locally
 *       ({@code !GetAtt}, {@code !ImportValue}...) must get its value from the file;</li>
 *   <li>credentials ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}) and
 *       endpoints ({@code AWS_ENDPOINT_URL}, {@code AWS_ENDPOINT_URL_<SERVICE>}) pass through from the file, else from
 *       the caller's environment; without credentials, SAM CLI's placeholders are used;</li>
 *   <li>Lambda's reserved variables, which nothing overrides: {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
 *       {@code AWS_EXECUTION_ENV}, {@code AWS_LAMBDA_FUNCTION_NAME}, {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE},
 *       {@code AWS_LAMBDA_FUNCTION_VERSION}, {@code AWS_LAMBDA_INITIALIZATION_TYPE}, {@code AWS_LAMBDA_LOG_GROUP_NAME},
 *       {@code AWS_LAMBDA_LOG_STREAM_NAME}, {@code AWS_LAMBDA_LOG_FORMAT} / {@code AWS_LAMBDA_LOG_LEVEL} (JSON
 *       logging only), {@code _HANDLER}, {@code LAMBDA_TASK_ROOT}, {@code LAMBDA_RUNTIME_DIR}, {@code TZ=:UTC},
 *       {@code LANG}, {@code PATH} (and {@code AWS_LAMBDA_RUNTIME_API}, added when the runtime API starts).</li>
 * </ol>
 * Nothing else of the caller's environment reaches the function.
 *
 * @param variables the environment, sorted by name
 * @param warnings  what was ignored or defaulted
 */
public record LambdaEnvironment(Map<String, String> variables, List<String> warnings) {

    /** Keys Lambda refuses in a function's configuration. */
    public static final Set<String> RESERVED = Set.of(
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ");

    /** Credentials passed through from the env-vars file or the caller. */
    public static final List<String> CREDENTIALS = List.of(
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");

    /** Lambda's {@code PATH}. */
    public static final String LAMBDA_PATH = "/usr/local/bin:/usr/bin/:/bin:/opt/bin";

    private static final Pattern ENDPOINT = Pattern.compile("AWS_ENDPOINT_URL(_[A-Z0-9_]+)?");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(SECRET|SESSION_TOKEN|PASSWORD|PASSWD|PRIVATE_KEY|CREDENTIAL).*");

    public LambdaEnvironment {
        variables = Collections.unmodifiableMap(new TreeMap<>(variables));
        warnings = List.copyOf(warnings);
    }

    /**
     * How the function runs.
     *
     * @param functionName       {@code AWS_LAMBDA_FUNCTION_NAME}
     * @param functionVersion    {@code AWS_LAMBDA_FUNCTION_VERSION}
     * @param taskRoot           {@code LAMBDA_TASK_ROOT}
     * @param runtimeDirectory   {@code LAMBDA_RUNTIME_DIR}
     * @param initializationType {@code on-demand} or {@code snap-start}
     */
    public record Settings(String functionName, String functionVersion, Path taskRoot, Path runtimeDirectory,
                           String initializationType) {
    }

    /**
     * Builds the environment of a function.
     *
     * @param function    the function (its template's parameter and pseudo parameter values apply)
     * @param file        the env-vars file ({@link EnvVarsFile#empty()} if none)
     * @param callerEnv   the caller's environment, for credentials and endpoints only
     * @param settings    the Lambda-set values
     * @throws LocalInvokeException if the template declares a reserved key, or a variable can be resolved neither
     *                              from the template nor from the file
     */
    public static LambdaEnvironment build(SamFunction function, EnvVarsFile file, Map<String, String> callerEnv,
                                          Settings settings) {
        Map<String, Object> declared = function.environmentVariables();
        List<String> reserved = declared.keySet().stream().filter(RESERVED::contains).sorted().toList();
        if (!reserved.isEmpty()) {
            throw new LocalInvokeException("Lambda was unable to configure your environment variables because the "
                    + "environment variables you have provided contains reserved keys that are currently not supported "
                    + "for modification. Reserved keys used in " + function.logicalId() + ": " + reserved);
        }
        Map<String, String> overrides = file.forFunction(function.logicalId(), safeFunctionName(function));
        Map<String, String> env = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        IntrinsicResolver resolver = function.template().resolver();
        for (Map.Entry<String, Object> e : declared.entrySet()) {
            String name = e.getKey();
            if (overrides.containsKey(name)) {
                env.put(name, overrides.get(name));
                continue;
            }
            try {
                Object value = resolver.resolve(e.getValue());
                if (value != IntrinsicResolver.NO_VALUE) {
                    env.put(name, resolver.resolveString(value));
                }
            } catch (UnresolvableException ex) {
                unresolved.add(name + " (" + IntrinsicResolver.describe(e.getValue()) + "): " + ex.getMessage());
            }
        }
        if (!unresolved.isEmpty()) {
            throw new LocalInvokeException("cannot resolve environment variable" + (unresolved.size() > 1 ? "s" : "")
                    + " of " + function.logicalId() + " locally; give "
                    + (unresolved.size() > 1 ? "them values" : "it a value") + " in the --env-vars file (section \""
                    + function.logicalId() + "\" or \"Parameters\"):\n  "
                    + String.join("\n  ", unresolved));
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String name = e.getKey();
            if (declared.containsKey(name)) {
                continue;
            }
            if (isPassThrough(name)) {
                env.put(name, e.getValue());
            } else if (!name.equals("AWS_REGION") && !name.equals("AWS_DEFAULT_REGION")) {
                warnings.add("ignored " + name + " from the env-vars file: " + function.logicalId()
                        + " does not declare it in Environment.Variables (SAM CLI ignores it too)");
            }
        }
        for (Map.Entry<String, String> e : callerEnv.entrySet()) {
            if (isPassThrough(e.getKey()) && !env.containsKey(e.getKey()) && e.getValue() != null) {
                env.put(e.getKey(), e.getValue());
            }
        }
        if (!env.containsKey("AWS_ACCESS_KEY_ID") || !env.containsKey("AWS_SECRET_ACCESS_KEY")) {
            env.put("AWS_ACCESS_KEY_ID", "defaultkey");
            env.put("AWS_SECRET_ACCESS_KEY", "defaultsecret");
            env.remove("AWS_SESSION_TOKEN");
            warnings.add("no AWS credentials in the env-vars file or the environment: using SAM CLI's placeholders");
        }
        String region = function.template().pseudoParameters().region();
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime().orElse("java21"));
        env.put("AWS_LAMBDA_FUNCTION_NAME", settings.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", settings.functionVersion());
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", settings.initializationType());
        String logGroup;
        try {
            logGroup = function.logGroup().orElse(null);
        } catch (UnresolvableException e) {
            logGroup = null;
            warnings.add("LoggingConfig.LogGroup of " + function.logicalId() + " cannot be resolved locally ("
                    + e.getMessage() + "); using the default log group name");
        }
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroup != null ? logGroup : "/aws/lambda/" + settings.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", logStreamName(settings.functionVersion()));
        if ("JSON".equalsIgnoreCase(function.logFormat())) {
            env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
            env.put("AWS_LAMBDA_LOG_LEVEL", function.applicationLogLevel().orElse("INFO"));
        }
        env.put("_HANDLER", function.handler().orElse(""));
        env.put("LAMBDA_TASK_ROOT", settings.taskRoot().toString());
        env.put("LAMBDA_RUNTIME_DIR", settings.runtimeDirectory().toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", LAMBDA_PATH);
        return new LambdaEnvironment(env, warnings);
    }

    /** Whether a variable passes through from the env-vars file or the caller (credentials and endpoints). */
    public static boolean isPassThrough(String name) {
        return CREDENTIALS.contains(name) || ENDPOINT.matcher(name).matches();
    }

    /**
     * The environment as {@code NAME=value} lines, secrets masked: credentials, names that look secret, and values
     * of {@code NoEcho} parameters.
     */
    public String describe(Map<String, TemplateParameter> parameters, Map<String, String> parameterValues) {
        Set<String> noEchoValues = parameters.values().stream().filter(TemplateParameter::noEcho)
                .map(p -> parameterValues.get(p.name())).filter(v -> v != null && !v.isEmpty())
                .collect(Collectors.toSet());
        return variables.entrySet().stream()
                .map(e -> e.getKey() + "=" + (isSecret(e.getKey()) || noEchoValues.contains(e.getValue())
                        ? mask(e.getValue()) : e.getValue()))
                .collect(Collectors.joining("\n"));
    }

    /** Whether a variable's value must never be printed. */
    public static boolean isSecret(String name) {
        return name.equals("AWS_SECRET_ACCESS_KEY") || name.equals("AWS_SESSION_TOKEN")
                || SECRET_NAME.matcher(name).matches();
    }

    private static String mask(String value) {
        return value.isEmpty() ? "" : "****";
    }

    private static java.util.Optional<String> safeFunctionName(SamFunction function) {
        try {
            return function.functionName();
        } catch (UnresolvableException e) {
            return java.util.Optional.empty();
        }
    }

    private static String logStreamName(String version) {
        byte[] random = new byte[16];
        ThreadLocalRandom.current().nextBytes(random);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return String.format("%04d/%02d/%02d/[%s]%s", today.getYear(), today.getMonthValue(), today.getDayOfMonth(),
                version, HexFormat.of().formatHex(random));
    }
}
