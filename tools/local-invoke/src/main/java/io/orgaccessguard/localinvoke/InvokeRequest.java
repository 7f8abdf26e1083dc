package io.orgaccessguard.localinvoke;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What to invoke and how. Build with {@link #builder(Path, String)}; only the template and the function's logical id
 * are required.
 *
 * @param template            the SAM template
 * @param functionLogicalId   the {@code AWS::Serverless::Function} to run
 * @param eventJson           the event (JSON); {@code {}} by default. Not used by {@link LocalInvoke#start}
 * @param envVars             the {@code --env-vars} file contents; {@link EnvVarsFile#empty()} by default
 * @param parameterOverrides  template parameter values overriding the defaults
 * @param buildDir            the build folder; {@code <template folder>/.aws-sam/build} when null
 * @param skipBuild           reuse {@code <buildDir>/<LogicalId>} instead of running Maven
 * @param maven               the Maven executable; {@code mvnw} found walking up from the template, else {@code mvn},
 *                            when null
 * @param timeoutSeconds      overrides the function's {@code Timeout} when not null
 * @param initTimeoutSeconds  how long init may take; 10 s (Lambda's init limit) plus the timeout when null
 * @param java                the {@code java} executable for the function; this JVM's when null
 * @param jvmArgs             extra options for the function JVM
 * @param region              {@code AWS::Region} and {@code AWS_REGION}; when null: the env-vars file's
 *                            {@code AWS_REGION}, else the caller's {@code AWS_REGION}/{@code AWS_DEFAULT_REGION},
 *                            else {@code us-east-1}
 * @param accountId           {@code AWS::AccountId}; {@code 123456789012} when null
 * @param initializationType  {@code on-demand} or {@code snap-start}; when null, {@code snap-start} if the function
 *                            enables SnapStart on published versions with an AutoPublishAlias
 * @param callerEnvironment   the caller's environment (credentials and endpoints pass through);
 *                            {@link System#getenv()} by default
 * @param logSink             receives progress messages and the function's log lines (START/END/REPORT included);
 *                            standard error by default; null to drop them
 */
public record InvokeRequest(Path template, String functionLogicalId, String eventJson, EnvVarsFile envVars,
                            Map<String, String> parameterOverrides, Path buildDir, boolean skipBuild, String maven,
                            Integer timeoutSeconds, Integer initTimeoutSeconds, Path java, List<String> jvmArgs,
                            String region, String accountId, String initializationType,
                            Map<String, String> callerEnvironment, Consumer<String> logSink) {

    public InvokeRequest {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(functionLogicalId, "functionLogicalId");
        eventJson = eventJson == null ? "{}" : eventJson;
        envVars = envVars == null ? EnvVarsFile.empty() : envVars;
        parameterOverrides = Map.copyOf(parameterOverrides == null ? Map.of() : parameterOverrides);
        jvmArgs = List.copyOf(jvmArgs == null ? List.of() : jvmArgs);
        callerEnvironment = Map.copyOf(callerEnvironment == null ? System.getenv() : callerEnvironment);
        if (initializationType != null && !initializationType.equals("on-demand")
                && !initializationType.equals("snap-start")) {
            throw new IllegalArgumentException("initializationType must be on-demand or snap-start");
        }
    }

    /** A builder for the given template and function. */
    public static Builder builder(Path template, String functionLogicalId) {
        return new Builder(template, functionLogicalId);
    }

    /** A builder starting from this request. */
    public Builder toBuilder() {
        Builder b = new Builder(template, functionLogicalId);
        b.eventJson = eventJson;
        b.envVars = envVars;
        b.parameterOverrides.putAll(parameterOverrides);
        b.buildDir = buildDir;
        b.skipBuild = skipBuild;
        b.maven = maven;
        b.timeoutSeconds = timeoutSeconds;
        b.initTimeoutSeconds = initTimeoutSeconds;
        b.java = java;
        b.jvmArgs.addAll(jvmArgs);
        b.region = region;
        b.accountId = accountId;
        b.initializationType = initializationType;
        b.callerEnvironment = callerEnvironment;
        b.logSink = logSink;
        b.logSinkSet = true;
        return b;
    }

    /** Builds {@link InvokeRequest}s. */
    public static final class Builder {
        private final Path template;
        private final String functionLogicalId;
        private String eventJson;
        private EnvVarsFile envVars;
        private final Map<String, String> parameterOverrides = new LinkedHashMap<>();
        private Path buildDir;
        private boolean skipBuild;
        private String maven;
        private Integer timeoutSeconds;
        private Integer initTimeoutSeconds;
        private Path java;
        private final List<String> jvmArgs = new ArrayList<>();
        private String region;
        private String accountId;
        private String initializationType;
        private Map<String, String> callerEnvironment;
        private Consumer<String> logSink;
        private boolean logSinkSet;

        private Builder(Path template, String functionLogicalId) {
            this.template = template;
            this.functionLogicalId = functionLogicalId;
        }

        public Builder event(String json) {
            this.eventJson = json;
            return this;
        }

        public Builder envVars(EnvVarsFile file) {
            this.envVars = file;
            return this;
        }

        public Builder envVarsFile(Path file) {
            this.envVars = file == null ? null : EnvVarsFile.read(file);
            return this;
        }

        public Builder parameterOverride(String name, String value) {
            parameterOverrides.put(name, value);
            return this;
        }

        public Builder parameterOverrides(Map<String, String> values) {
            parameterOverrides.putAll(values);
            return this;
        }

        public Builder buildDir(Path dir) {
            this.buildDir = dir;
            return this;
        }

        public Builder skipBuild(boolean skip) {
            this.skipBuild = skip;
            return this;
        }

        public Builder maven(String executable) {
            this.maven = executable;
            return this;
        }

        public Builder timeoutSeconds(Integer seconds) {
            this.timeoutSeconds = seconds;
            return this;
        }

        public Builder initTimeoutSeconds(Integer seconds) {
            this.initTimeoutSeconds = seconds;
            return this;
        }

        public Builder java(Path executable) {
            this.java = executable;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder accountId(String value) {
            this.accountId = value;
            return this;
        }

        public Builder initializationType(String value) {
            this.initializationType = value;
            return this;
        }

        public Builder callerEnvironment(Map<String, String> env) {
            this.callerEnvironment = env;
            return this;
        }

        public Builder logSink(Consumer<String> sink) {
            this.logSink = sink;
            this.logSinkSet = true;
            return this;
        }

        public InvokeRequest build() {
            Consumer<String> sink = logSinkSet ? logSink : System.err::println;
            return new InvokeRequest(template, functionLogicalId, eventJson, envVars, parameterOverrides, buildDir,
                    skipBuild, maven, timeoutSeconds, initTimeoutSeconds, java, jvmArgs, region, accountId,
                    initializationType, callerEnvironment, sink);
        }
    }
}
