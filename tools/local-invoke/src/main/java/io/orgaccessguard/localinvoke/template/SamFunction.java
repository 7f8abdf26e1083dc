package io.orgaccessguard.localinvoke.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code AWS::Serverless::Function} with its <em>effective</em> properties: the template's
 * {@code Globals.Function} merged in with SAM's rules (the function's own scalars win, maps such as
 * {@code Environment.Variables} are merged key by key with the function's keys winning, lists are concatenated
 * globals first; {@code IgnoreGlobals} honoured).
 *
 * <p>{@link #properties()} gives the merged tree with intrinsics untouched; the typed accessors resolve intrinsics
 * with the template's {@link SamTemplate#resolver() resolver} (parameter defaults/overrides, pseudo parameters) and
 * apply Lambda's defaults (128 MB, 3 s, x86_64). Accessors that resolve throw {@link UnresolvableException} when a
 * value cannot be known locally.
 */
public final class SamFunction {

    /** Lambda's default memory size, in MB. */
    public static final int DEFAULT_MEMORY_MB = 128;
    /** Lambda's default timeout, in seconds. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private final String logicalId;
    private final Map<String, Object> resource;
    private final Map<String, Object> properties;
    private final SamTemplate template;

    SamFunction(String logicalId, Map<String, Object> resource, Map<String, Object> properties, SamTemplate template) {
        this.logicalId = logicalId;
        this.resource = resource;
        this.properties = properties;
        this.template = template;
    }

    /** The resource's logical id, e.g. {@code JoinEventFunction}. */
    public String logicalId() {
        return logicalId;
    }

    /** The template this function belongs to (with the same parameter bindings). */
    public SamTemplate template() {
        return template;
    }

    /** The effective properties (Globals merged), intrinsics unresolved. Unmodifiable. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** One effective property, unresolved, or {@code null}. */
    public Object property(String name) {
        return properties.get(name);
    }

    /** The resource-level {@code Condition} attribute, if any. */
    public Optional<String> condition() {
        return Optional.ofNullable(resource.get("Condition")).map(String::valueOf);
    }

    /** Whether the function is created with the current parameter values (its {@code Condition} holds, if any). */
    public boolean isCreated() {
        return condition().map(c -> template.resolver().condition(c)).orElse(true);
    }

    /** {@code Runtime}, resolved (e.g. {@code java21}); empty for image functions. */
    public Optional<String> runtime() {
        return optionalString("Runtime");
    }

    /** {@code Handler}, resolved (e.g. {@code io.example.Handler::handleRequest}). */
    public Optional<String> handler() {
        return optionalString("Handler");
    }

    /** The {@link #handler()} split into class and method. */
    public Optional<HandlerRef> handlerRef() {
        return handler().map(HandlerRef::parse);
    }

    /** {@code PackageType}: {@code Zip} (default) or {@code Image}. */
    public String packageType() {
        return optionalString("PackageType").orElse("Zip");
    }

    /** {@code CodeUri} as written (resolved), if it is a string; e.g. {@code functions/access-guard}. */
    public Optional<String> codeUri() {
        Object raw = properties.get("CodeUri");
        if (raw == null || raw instanceof Map<?, ?> && !IntrinsicResolver.isIntrinsic(raw)) {
            return Optional.empty();
        }
        return Optional.of(template.resolver().resolveString(raw));
    }

    /**
     * The local folder of {@link #codeUri()}, relative to the template's folder; empty for S3 locations.
     */
    public Optional<Path> codeDirectory() {
        return codeUri().filter(uri -> !uri.startsWith("s3://"))
                .map(uri -> template.baseDirectory().resolve(uri).normalize());
    }

    /** {@code FunctionName}, resolved, if set. */
    public Optional<String> functionName() {
        return optionalString("FunctionName");
    }

    /** {@code MemorySize} in MB, resolved; 128 when not set. */
    public int memorySize() {
        return intProperty("MemorySize", DEFAULT_MEMORY_MB);
    }

    /** {@code Timeout} in seconds, resolved; 3 when not set. */
    public int timeout() {
        return intProperty("Timeout", DEFAULT_TIMEOUT_SECONDS);
    }

    /** {@code Architectures}, resolved; {@code [x86_64]} when not set. */
    public List<String> architectures() {
        Object raw = properties.get("Architectures");
        if (raw == null) {
            return List.of("x86_64");
        }
        Object value = template.resolver().resolve(raw);
        if (!(value instanceof List<?> list)) {
            throw new TemplateException(logicalId + ".Architectures is not a list: " + value);
        }
        return list.stream().map(IntrinsicResolver::stringify).toList();
    }

    /** {@code AutoPublishAlias}, resolved, if set. */
    public Optional<String> autoPublishAlias() {
        return optionalString("AutoPublishAlias");
    }

    /** {@code SnapStart.ApplyOn}, resolved ({@code PublishedVersions} or {@code None}), if set. */
    public Optional<String> snapStartApplyOn() {
        if (properties.get("SnapStart") instanceof Map<?, ?> snapStart && snapStart.containsKey("ApplyOn")) {
            return Optional.of(template.resolver().resolveString(snapStart.get("ApplyOn")));
        }
        return Optional.empty();
    }

    /**
     * Whether invocations run SnapStart-restored: {@code SnapStart.ApplyOn: PublishedVersions} and an
     * {@code AutoPublishAlias} (through which published versions are invoked).
     */
    public boolean snapStartEnabled() {
        return snapStartApplyOn().filter("PublishedVersions"::equals).isPresent() && autoPublishAlias().isPresent();
    }

    /** {@code LoggingConfig} as declared (Globals merged), unresolved; empty map when not set. */
    public Map<String, Object> loggingConfig() {
        if (properties.get("LoggingConfig") instanceof Map<?, ?> config) {
            Map<String, Object> out = new LinkedHashMap<>();
            config.forEach((k, v) -> out.put(String.valueOf(k), v));
            return java.util.Collections.unmodifiableMap(out);
        }
        return Map.of();
    }

    /** {@code LoggingConfig.LogFormat}, resolved: {@code Text} (default) or {@code JSON}. */
    public String logFormat() {
        Object value = loggingConfig().get("LogFormat");
        return value == null ? "Text" : template.resolver().resolveString(value);
    }

    /** {@code LoggingConfig.ApplicationLogLevel}, resolved, if set. */
    public Optional<String> applicationLogLevel() {
        Object value = loggingConfig().get("ApplicationLogLevel");
        return value == null ? Optional.empty() : Optional.of(template.resolver().resolveString(value));
    }

    /**
     * {@code LoggingConfig.LogGroup}, resolved, if set (a {@code !Ref} of a log group with a {@code LogGroupName}
     * resolves to that name).
     */
    public Optional<String> logGroup() {
        Object value = loggingConfig().get("LogGroup");
        return value == null ? Optional.empty() : Optional.of(template.resolver().resolveString(value));
    }

    /**
     * {@code Environment.Variables} as declared (Globals merged), intrinsics unresolved. Values are strings,
     * numbers, booleans or intrinsic trees.
     */
    public Map<String, Object> environmentVariables() {
        if (properties.get("Environment") instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> vars) {
            Map<String, Object> out = new LinkedHashMap<>();
            vars.forEach((k, v) -> out.put(String.valueOf(k), v));
            return java.util.Collections.unmodifiableMap(out);
        }
        return Map.of();
    }

    /**
     * {@link #environmentVariables()} resolved to strings; variables resolving to {@code AWS::NoValue} are left out.
     *
     * @throws UnresolvableException naming the first variable that cannot be resolved locally
     */
    public Map<String, String> resolvedEnvironmentVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : environmentVariables().entrySet()) {
            Object value;
            try {
                value = template.resolver().resolve(e.getValue());
            } catch (UnresolvableException ex) {
                throw new UnresolvableException("environment variable " + e.getKey() + " of " + logicalId + ": "
                        + ex.getMessage());
            }
            if (value != IntrinsicResolver.NO_VALUE) {
                out.put(e.getKey(), template.resolver().resolveString(value));
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** {@code Events}, each with its {@code Type} and unresolved {@code Properties}. */
    public Map<String, SamEvent> events() {
        Map<String, SamEvent> out = new LinkedHashMap<>();
        if (properties.get("Events") instanceof Map<?, ?> events) {
            for (Map.Entry<?, ?> e : events.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> event) {
                    Map<String, Object> props = new LinkedHashMap<>();
                    if (event.get("Properties") instanceof Map<?, ?> p) {
                        p.forEach((k, v) -> props.put(String.valueOf(k), v));
                    }
                    out.put(String.valueOf(e.getKey()), new SamEvent(String.valueOf(e.getKey()),
                            String.valueOf(event.get("Type")), java.util.Collections.unmodifiableMap(props)));
                }
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * {@code Policies} as a list (a single string or map becomes a one-item list), unresolved: managed policy names
     * or ARNs, SAM policy templates ({@code {SQSPollerPolicy: {...}}}) and inline documents
     * ({@code {Statement: [...]}}).
     */
    public List<Object> policies() {
        Object raw = properties.get("Policies");
        if (raw == null) {
            return List.of();
        }
        if (raw instanceof List<?> list) {
            return java.util.Collections.unmodifiableList(new ArrayList<>(list));
        }
        return List.of(raw);
    }

    private Optional<String> optionalString(String name) {
        Object raw = properties.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        Object value = template.resolver().resolve(raw);
        if (value == IntrinsicResolver.NO_VALUE) {
            return Optional.empty();
        }
        return Optional.of(template.resolver().resolveString(value));
    }

    private int intProperty(String name, int defaultValue) {
        Optional<String> value = optionalString(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return new java.math.BigDecimal(value.get().trim()).intValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new TemplateException(logicalId + "." + name + " is not a whole number: " + value.get());
        }
    }

    @Override
    public String toString() {
        return "SamFunction[" + logicalId + "]";
    }

    /**
     * A function event source.
     *
     * @param name       the event's key under {@code Events}
     * @param type       its {@code Type}, e.g. {@code EventBridgeRule}, {@code Schedule}, {@code SQS}
     * @param properties its {@code Properties}, unresolved (e.g. {@code Pattern} of an {@code EventBridgeRule})
     */
    public record SamEvent(String name, String type, Map<String, Object> properties) {
    }

    /**
     * A Java handler string, {@code package.Class::method} or {@code package.Class}.
     *
     * @param className  the fully qualified class name
     * @param methodName the method, when given
     */
    public record HandlerRef(String className, Optional<String> methodName) {

        /** Parses a handler string. */
        public static HandlerRef parse(String handler) {
            int sep = handler.indexOf("::");
            if (sep < 0) {
                return new HandlerRef(handler.trim(), Optional.empty());
            }
            return new HandlerRef(handler.substring(0, sep).trim(), Optional.of(handler.substring(sep + 2).trim()));
        }
    }
}
