package io.orgaccessguard.localinvoke.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SAM template ({@code template.yaml}) read into plain Java trees, with the questions local tools ask of it.
 *
 * <pre>{@code
 * SamTemplate template = SamTemplate.load(Path.of("template.yaml"))
 *         .withParameterOverrides(Map.of("Stage", "prod"))           // optional
 *         .withPseudoParameters(PseudoParameters.forRegion("eu-west-1")); // optional
 * for (SamFunction fn : template.functions()) {
 *     String handler = fn.handler().orElseThrow();          // Globals merged, intrinsics resolved
 *     Map<String, Object> env = fn.environmentVariables();  // as declared
 *     fn.events().values().forEach(e -> ...);               // e.g. EventBridgeRule patterns
 * }
 * String arn = template.resolver().resolveString(someIntrinsicTree);
 * }</pre>
 *
 * <p>The tree is what {@link CfnYaml} produces: short-form tags become {@code {"Ref": ...}} / {@code {"Fn::Sub": ...}}
 * maps. The {@code Globals} section is validated the way SAM validates it (only supported sections and
 * properties) and merged into every {@code AWS::Serverless::Function}, see {@link SamFunction}.
 *
 * <p>Instances are immutable; the {@code with...} methods return new instances sharing the parsed tree. Parameter
 * values are the {@code Default}s unless overridden; pseudo parameters default to SAM CLI's local values
 * ({@link PseudoParameters#defaults()}); resources have no value unless given with {@link #withResourceValues(Map)}.
 */
public final class SamTemplate {

    /** The resource type of SAM functions. */
    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    /** Properties SAM accepts under {@code Globals.Function} (everything but Role, Policies, FunctionName, Events). */
    public static final Set<String> GLOBAL_FUNCTION_PROPERTIES = Set.of(
            "Handler", "Runtime", "CodeUri", "DeadLetterQueue", "Description", "MemorySize", "Timeout", "VpcConfig",
            "Environment", "Tags", "PropagateTags", "Tracing", "KmsKeyArn", "AutoPublishAlias",
            "AutoPublishAliasAllProperties", "Layers", "DeploymentPreference", "RolePath", "PermissionsBoundary",
            "ReservedConcurrentExecutions", "ProvisionedConcurrencyConfig", "AssumeRolePolicyDocument",
            "EventInvokeConfig", "FileSystemConfigs", "CodeSigningConfigArn", "Architectures", "SnapStart",
            "EphemeralStorage", "FunctionUrlConfig", "RuntimeManagementConfig", "LoggingConfig", "RecursiveLoop",
            "SourceKMSKeyArn");

    private static final Set<String> GLOBAL_SECTIONS = Set.of(
            "Function", "Api", "HttpApi", "SimpleTable", "StateMachine", "LayerVersion");

    private final Path location;
    private final Path baseDirectory;
    private final Map<String, Object> tree;
    private final Map<String, TemplateParameter> parameters;
    private final Map<String, String> parameterOverrides;
    private final PseudoParameters pseudo;
    private final Map<String, String> resourceValues;
    private volatile IntrinsicResolver resolver;

    private SamTemplate(Path location, Path baseDirectory, Map<String, Object> tree,
                        Map<String, TemplateParameter> parameters, Map<String, String> parameterOverrides,
                        PseudoParameters pseudo, Map<String, String> resourceValues) {
        this.location = location;
        this.baseDirectory = baseDirectory;
        this.tree = tree;
        this.parameters = parameters;
        this.parameterOverrides = parameterOverrides;
        this.pseudo = pseudo;
        this.resourceValues = resourceValues;
    }

    /**
     * Reads and parses a template file. Relative {@code CodeUri}s are resolved against its folder.
     *
     * @throws TemplateException if the file cannot be read or is not a valid template
     */
    public static SamTemplate load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TemplateException("cannot read template " + absolute + ": " + e.getMessage(), e);
        }
        return parse(text, absolute.getParent(), absolute);
    }

    /**
     * Parses template text.
     *
     * @param yaml          the template (YAML or JSON)
     * @param baseDirectory the folder relative {@code CodeUri}s are resolved against
     * @throws TemplateException if it is not a valid template
     */
    public static SamTemplate parse(String yaml, Path baseDirectory) {
        return parse(yaml, baseDirectory.toAbsolutePath().normalize(), null);
    }

    private static SamTemplate parse(String yaml, Path baseDirectory, Path location) {
        Object root = CfnYaml.parse(yaml);
        if (!(root instanceof Map<?, ?> map)) {
            throw new TemplateException("a template must be a map, got " + (root == null ? "an empty document" : root));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) map;
        if (!(tree.get("Resources") instanceof Map<?, ?>)) {
            throw new TemplateException("the template has no Resources section");
        }
        SamTemplate template = new SamTemplate(location, baseDirectory, tree, readParameters(tree), Map.of(),
                PseudoParameters.defaults(), Map.of());
        template.validateGlobals();
        return template;
    }

    /**
     * This template with parameter values overriding the {@code Default}s (like
     * {@code sam ... --parameter-overrides}).
     *
     * @throws TemplateException if a name is not a declared parameter, or a value is not among its
     *                           {@code AllowedValues}
     */
    public SamTemplate withParameterOverrides(Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            TemplateParameter parameter = parameters.get(e.getKey());
            if (parameter == null) {
                throw new TemplateException("parameter " + e.getKey() + " is not declared in the template (declared: "
                        + parameters.keySet() + ")");
            }
            if (!parameter.allowedValues().isEmpty() && !parameter.allowedValues().contains(e.getValue())) {
                throw new TemplateException("parameter " + e.getKey() + " must be one of "
                        + parameter.allowedValues() + (parameter.noEcho() ? "" : ", got '" + e.getValue() + "'"));
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(parameterOverrides);
        merged.putAll(overrides);
        return new SamTemplate(location, baseDirectory, tree, parameters, Collections.unmodifiableMap(merged), pseudo,
                resourceValues);
    }

    /** This template with other pseudo parameter values (region, account, partition, stack name). */
    public SamTemplate withPseudoParameters(PseudoParameters values) {
        return new SamTemplate(location, baseDirectory, tree, parameters, parameterOverrides,
                Objects.requireNonNull(values), resourceValues);
    }

    /**
     * This template with values for resource references: key {@code LogicalId} gives {@code !Ref LogicalId}, key
     * {@code LogicalId.Attribute} gives {@code !GetAtt LogicalId.Attribute} (and {@code ${LogicalId.Attribute}}).
     */
    public SamTemplate withResourceValues(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(resourceValues);
        merged.putAll(values);
        return new SamTemplate(location, baseDirectory, tree, parameters, parameterOverrides, pseudo,
                Collections.unmodifiableMap(merged));
    }

    /** The file the template was loaded from, if it was loaded from a file. */
    public Optional<Path> location() {
        return Optional.ofNullable(location);
    }

    /** The folder relative {@code CodeUri}s are resolved against (the template's folder). */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /** The whole parsed document, unmodifiable, intrinsics unresolved. */
    public Map<String, Object> tree() {
        return tree;
    }

    /** The {@code Parameters} section, in declaration order. */
    public Map<String, TemplateParameter> parameters() {
        return parameters;
    }

    /**
     * The value each parameter has here: its override if any, else its {@code Default}. Parameters with neither are
     * absent. Mind {@link TemplateParameter#noEcho()} before printing any of them.
     */
    public Map<String, String> parameterValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (TemplateParameter p : parameters.values()) {
            String value = parameterOverrides.containsKey(p.name()) ? parameterOverrides.get(p.name())
                    : p.defaultValue().orElse(null);
            if (value != null) {
                values.put(p.name(), value);
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /** The pseudo parameter values in use. */
    public PseudoParameters pseudoParameters() {
        return pseudo;
    }

    /** {@code Globals.Function}, unresolved; empty when absent. */
    public Map<String, Object> globalsFunction() {
        if (tree.get("Globals") instanceof Map<?, ?> globals && globals.get("Function") instanceof Map<?, ?> fn) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) fn;
            return typed;
        }
        return Map.of();
    }

    /** The {@code Resources} section, unresolved. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resources() {
        return (Map<String, Object>) tree.get("Resources");
    }

    /**
     * One resource (its {@code Type}, {@code Properties}, ...), unresolved.
     *
     * @throws TemplateException if there is no such resource
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resource(String logicalId) {
        if (resources().get(logicalId) instanceof Map<?, ?> resource) {
            return (Map<String, Object>) resource;
        }
        throw new TemplateException("no resource " + logicalId + " in the template (resources: "
                + resources().keySet() + ")");
    }

    /** The {@code Type} of a resource, if the resource exists. */
    public Optional<String> resourceType(String logicalId) {
        if (resources().get(logicalId) instanceof Map<?, ?> resource && resource.get("Type") != null) {
            return Optional.of(String.valueOf(resource.get("Type")));
        }
        return Optional.empty();
    }

    /** Logical ids of the resources of one type, in template order, e.g. {@code AWS::SNS::Topic}. */
    public List<String> resourceIdsOfType(String type) {
        List<String> ids = new ArrayList<>();
        for (String id : resources().keySet()) {
            if (resourceType(id).filter(type::equals).isPresent()) {
                ids.add(id);
            }
        }
        return Collections.unmodifiableList(ids);
    }

    /** Every {@code AWS::Serverless::Function}, with Globals merged, in template order. */
    public List<SamFunction> functions() {
        return resourceIdsOfType(FUNCTION_TYPE).stream().map(this::function).toList();
    }

    /**
     * One {@code AWS::Serverless::Function}, with Globals merged.
     *
     * @throws TemplateException if there is no such function (the message lists those there are)
     */
    public SamFunction function(String logicalId) {
        if (resourceType(logicalId).filter(FUNCTION_TYPE::equals).isEmpty()) {
            throw new TemplateException("no " + FUNCTION_TYPE + " named " + logicalId + " in the template (functions: "
                    + resourceIdsOfType(FUNCTION_TYPE) + ")");
        }
        Map<String, Object> resource = resource(logicalId);
        Map<String, Object> local = resource.get("Properties") instanceof Map<?, ?> p ? castMap(p) : Map.of();
        Map<String, Object> globals = new LinkedHashMap<>(globalsFunction());
        Object ignore = resource.get("IgnoreGlobals");
        if ("*".equals(ignore)) {
            globals.clear();
        } else if (ignore instanceof List<?> names) {
            for (Object name : names) {
                if (globals.remove(String.valueOf(name)) == null) {
                    throw new TemplateException(logicalId + ".IgnoreGlobals names '" + name
                            + "', which is not in Globals.Function");
                }
            }
        } else if (ignore != null) {
            throw new TemplateException(logicalId + ".IgnoreGlobals must be \"*\" or a list, got " + ignore);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) CfnYaml.freeze(mergeGlobal(globals, local));
        return new SamFunction(logicalId, resource, merged, this);
    }

    /** The resolver of intrinsic functions for this template's parameter, pseudo parameter and resource values. */
    public IntrinsicResolver resolver() {
        IntrinsicResolver r = resolver;
        if (r == null) {
            r = new IntrinsicResolver(parameters, parameterValues(), pseudo, resourceValues, resources(),
                    section("Conditions"), section("Mappings"));
            resolver = r;
        }
        return r;
    }

    /**
     * SAM's Globals merge: scalars (and intrinsic calls) of the resource win; maps merge recursively; lists
     * concatenate, global items first; on a type mismatch the resource's value wins.
     */
    static Object mergeGlobal(Object global, Object local) {
        if (global instanceof Map<?, ?> g && local instanceof Map<?, ?> l
                && !IntrinsicResolver.isIntrinsic(g) && !IntrinsicResolver.isIntrinsic(l)) {
            Map<String, Object> out = new LinkedHashMap<>();
            g.forEach((k, v) -> out.put(String.valueOf(k), v));
            l.forEach((k, v) -> {
                String key = String.valueOf(k);
                out.put(key, out.containsKey(key) ? mergeGlobal(out.get(key), v) : v);
            });
            return out;
        }
        if (global instanceof List<?> g && local instanceof List<?> l) {
            List<Object> out = new ArrayList<>(g);
            out.addAll(l);
            return out;
        }
        return local;
    }

    private void validateGlobals() {
        Object globals = tree.get("Globals");
        if (globals == null) {
            return;
        }
        if (!(globals instanceof Map<?, ?> sections) || sections.isEmpty()) {
            throw new TemplateException("'Globals' section is invalid. It must be a non-empty dictionary");
        }
        for (Map.Entry<?, ?> e : sections.entrySet()) {
            String section = String.valueOf(e.getKey());
            if (!GLOBAL_SECTIONS.contains(section)) {
                throw new TemplateException("'Globals' section is invalid. '" + section + "' is not supported");
            }
            if (!(e.getValue() instanceof Map<?, ?> props)) {
                throw new TemplateException("'Globals' section is invalid. Value of " + section
                        + " must be a dictionary");
            }
            if (section.equals("Function")) {
                for (Object key : props.keySet()) {
                    if (!GLOBAL_FUNCTION_PROPERTIES.contains(String.valueOf(key))) {
                        throw new TemplateException("'Globals' section is invalid. '" + key
                                + "' is not a supported property of 'Function'");
                    }
                }
            }
        }
    }

    private Map<String, Object> section(String name) {
        return tree.get(name) instanceof Map<?, ?> m ? castMap(m) : Map.of();
    }

    private static Map<String, TemplateParameter> readParameters(Map<String, Object> tree) {
        Map<String, TemplateParameter> out = new LinkedHashMap<>();
        if (tree.get("Parameters") instanceof Map<?, ?> params) {
            for (Map.Entry<?, ?> e : params.entrySet()) {
                String name = String.valueOf(e.getKey());
                if (!(e.getValue() instanceof Map<?, ?> p)) {
                    throw new TemplateException("parameter " + name + " must be a map");
                }
                Object type = p.get("Type");
                if (type == null) {
                    throw new TemplateException("parameter " + name + " has no Type");
                }
                Optional<String> defaultValue = Optional.ofNullable(p.get("Default")).map(SamTemplate::paramString);
                List<String> allowed = p.get("AllowedValues") instanceof List<?> l
                        ? l.stream().map(SamTemplate::paramString).toList() : List.of();
                boolean noEcho = Boolean.parseBoolean(String.valueOf(p.get("NoEcho")));
                String description = p.get("Description") == null ? "" : String.valueOf(p.get("Description"));
                out.put(name, new TemplateParameter(name, String.valueOf(type), defaultValue, allowed, noEcho,
                        description));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static String paramString(Object value) {
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(IntrinsicResolver::stringify).toList());
        }
        return IntrinsicResolver.stringify(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    @Override
    public String toString() {
        return "SamTemplate[" + (location != null ? location : baseDirectory) + "]";
    }
}
