package io.orgaccessguard.localinvoke.template;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Evaluates CloudFormation intrinsic functions of a template with given parameter, pseudo parameter and (optionally)
 * resource values. Obtain one from {@link SamTemplate#resolver()}.
 *
 * <p>Supported: {@code Ref} (parameters, pseudo parameters, {@code AWS::NoValue}, resources given a value, and
 * log groups and functions named in the template: their {@code LogGroupName} / {@code FunctionName}),
 * {@code Fn::Sub} (both forms, {@code ${!Literal}} escapes), {@code Fn::GetAtt} (resources given a value),
 * {@code Fn::Join}, {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If}, {@code Fn::Equals}, {@code Fn::Not},
 * {@code Fn::And}, {@code Fn::Or}, conditions, {@code Fn::FindInMap} (with {@code DefaultValue}) and
 * {@code Fn::Base64}. {@code Fn::ImportValue}, {@code Fn::GetAZs}, {@code Fn::Cidr} and anything else throw
 * {@link UnresolvableException}, as does a resource reference without a value.
 *
 * <p>Instances are immutable and thread-safe apart from an internal cache of evaluated conditions.
 */
public final class IntrinsicResolver {

    /** What {@code !Ref AWS::NoValue} resolves to; {@link #resolve(Object)} drops it from maps and lists. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private final Map<String, TemplateParameter> parameters;
    private final Map<String, String> parameterValues;
    private final PseudoParameters pseudo;
    private final Map<String, String> resourceValues;
    private final Map<String, Object> resources;
    private final Map<String, Object> conditions;
    private final Map<String, Object> mappings;
    private final Map<String, Boolean> conditionCache = new HashMap<>();
    private final Set<String> conditionsInProgress = new HashSet<>();

    IntrinsicResolver(Map<String, TemplateParameter> parameters, Map<String, String> parameterValues,
                      PseudoParameters pseudo, Map<String, String> resourceValues, Map<String, Object> resources,
                      Map<String, Object> conditions, Map<String, Object> mappings) {
        this.parameters = parameters;
        this.parameterValues = parameterValues;
        this.pseudo = pseudo;
        this.resourceValues = resourceValues;
        this.resources = resources;
        this.conditions = conditions;
        this.mappings = mappings;
    }

    /** The pseudo parameter values this resolver uses. */
    public PseudoParameters pseudoParameters() {
        return pseudo;
    }

    /** Whether {@code node} is a single-key map {@code Ref} or {@code Fn::*}, i.e. an intrinsic function call. */
    public static boolean isIntrinsic(Object node) {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            String key = String.valueOf(map.keySet().iterator().next());
            return key.equals("Ref") || key.startsWith("Fn::");
        }
        return false;
    }

    /**
     * Resolves every intrinsic function in a tree. Maps and lists are copied (unmodifiable); entries and items that
     * resolve to {@code AWS::NoValue} are dropped. Scalars are returned as they are.
     *
     * @return the resolved tree, or {@link #NO_VALUE} if the node itself is {@code !Ref AWS::NoValue}
     * @throws UnresolvableException if some intrinsic has no local value
     */
    public Object resolve(Object node) {
        return walk(node, false);
    }

    /**
     * Resolves what can be resolved locally and leaves the rest in place: an intrinsic that cannot be evaluated
     * (e.g. {@code !GetAtt Queue.Arn}, {@code !Ref Topic}) stays as its {@code {"Fn::GetAtt": ...}} /
     * {@code {"Ref": ...}} tree, while everything around it is resolved ({@code Fn::If} picks its branch,
     * {@code AWS::NoValue} entries disappear). Meant for inspecting policies, event patterns and the like.
     */
    public Object resolvePartially(Object node) {
        return walk(node, true);
    }

    /**
     * The one walk behind {@link #resolve(Object)} and {@link #resolvePartially(Object)}: maps and lists are copied
     * (unmodifiable) without their {@code AWS::NoValue} entries and items, intrinsics are evaluated. With
     * {@code partially}, an intrinsic without a local value stays as it is, and the branch an {@code Fn::If} picks is
     * walked the same way.
     */
    private Object walk(Object node, boolean partially) {
        if (node instanceof Map<?, ?> map) {
            if (isIntrinsic(map)) {
                Map.Entry<?, ?> e = map.entrySet().iterator().next();
                try {
                    return evaluate(String.valueOf(e.getKey()), e.getValue(), node, partially);
                } catch (UnresolvableException ex) {
                    if (!partially) {
                        throw ex;
                    }
                    return node;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object value = walk(e.getValue(), partially);
                if (value != NO_VALUE) {
                    out.put(String.valueOf(e.getKey()), value);
                }
            }
            return CfnYaml.freeze(out);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object value = walk(item, partially);
                if (value != NO_VALUE) {
                    out.add(value);
                }
            }
            return CfnYaml.freeze(out);
        }
        return node;
    }

    /**
     * Resolves a node that must yield a string. Numbers and booleans are stringified the way CloudFormation passes
     * them ({@code 512}, {@code true}); {@code null} yields the empty string.
     *
     * @throws UnresolvableException if the node has no local value, or yields a list, a map or {@code AWS::NoValue}
     */
    public String resolveString(Object node) {
        Object value = resolve(node);
        if (value == NO_VALUE) {
            throw new UnresolvableException(describe(node) + " resolves to AWS::NoValue, not a string");
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new UnresolvableException(describe(node) + " resolves to " + value + ", not a string");
        }
        return stringify(value);
    }

    /** Like {@link #resolveString(Object)}, but empty instead of throwing. */
    public Optional<String> tryResolveString(Object node) {
        try {
            return Optional.of(resolveString(node));
        } catch (UnresolvableException e) {
            return Optional.empty();
        }
    }

    /**
     * Evaluates a named condition of the template's {@code Conditions} section.
     *
     * @throws TemplateException if there is no such condition or it refers to itself
     * @throws UnresolvableException if it depends on a value that is not known locally
     */
    public synchronized boolean condition(String name) {
        Boolean cached = conditionCache.get(name);
        if (cached != null) {
            return cached;
        }
        if (!conditions.containsKey(name)) {
            throw new TemplateException("condition '" + name + "' is not declared in Conditions");
        }
        if (!conditionsInProgress.add(name)) {
            throw new TemplateException("condition '" + name + "' refers to itself");
        }
        try {
            boolean value = evaluateCondition(conditions.get(name));
            conditionCache.put(name, value);
            return value;
        } finally {
            conditionsInProgress.remove(name);
        }
    }

    /** Short-form rendering of a node for messages, e.g. {@code !GetAtt Table.Arn}. */
    public static String describe(Object node) {
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            String key = String.valueOf(e.getKey());
            Object arg = e.getValue();
            if (key.equals("Ref")) {
                return "!Ref " + arg;
            }
            if (key.equals("Fn::GetAtt") && arg instanceof List<?> l && l.size() == 2) {
                return "!GetAtt " + l.get(0) + "." + l.get(1);
            }
            if (key.startsWith("Fn::")) {
                return "!" + key.substring(4) + " " + (arg instanceof String s ? "'" + s + "'" : String.valueOf(arg));
            }
        }
        return String.valueOf(node);
    }

    static String stringify(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /** Evaluates one intrinsic; {@code partially}: the branch an {@code Fn::If} picks is resolved partially. */
    private Object evaluate(String fn, Object arg, Object whole, boolean partially) {
        switch (fn) {
            case "Ref":
                if (!(arg instanceof String name)) {
                    throw new TemplateException("Ref needs a name, got " + arg);
                }
                return ref(name);
            case "Fn::GetAtt":
                return getAtt(arg, whole);
            case "Fn::Sub":
                return sub(arg);
            case "Fn::Join": {
                List<?> args = args(fn, arg, 2);
                String delimiter = resolveString(args.get(0));
                List<?> items = asList(fn, resolve(args.get(1)));
                return items.stream().map(this::resolveString).collect(Collectors.joining(delimiter));
            }
            case "Fn::Select": {
                List<?> args = args(fn, arg, 2);
                int index;
                try {
                    index = Integer.parseInt(resolveString(args.get(0)).trim());
                } catch (NumberFormatException e) {
                    throw new TemplateException("Fn::Select index is not a number: " + args.get(0));
                }
                List<?> items = asList(fn, resolve(args.get(1)));
                if (index < 0 || index >= items.size()) {
                    throw new TemplateException("Fn::Select index " + index + " out of range of " + items);
                }
                return items.get(index);
            }
            case "Fn::Split": {
                List<?> args = args(fn, arg, 2);
                String delimiter = resolveString(args.get(0));
                String source = resolveString(args.get(1));
                return List.of(source.split(java.util.regex.Pattern.quote(delimiter), -1));
            }
            case "Fn::If": {
                List<?> args = args(fn, arg, 3);
                if (!(args.get(0) instanceof String conditionName)) {
                    throw new TemplateException("Fn::If needs a condition name first, got " + args.get(0));
                }
                return walk(condition(conditionName) ? args.get(1) : args.get(2), partially);
            }
            case "Fn::Equals":
            case "Fn::Not":
            case "Fn::And":
            case "Fn::Or":
                return evaluateCondition(whole);
            case "Fn::FindInMap":
                return findInMap(arg);
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(resolveString(arg).getBytes(StandardCharsets.UTF_8));
            default:
                throw new UnresolvableException(describe(whole) + " cannot be evaluated locally");
        }
    }

    private Object ref(String name) {
        switch (name) {
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::Region":
                return pseudo.region();
            case "AWS::AccountId":
                return pseudo.accountId();
            case "AWS::Partition":
                return pseudo.partition();
            case "AWS::StackName":
                return pseudo.stackName();
            case "AWS::URLSuffix":
                return pseudo.urlSuffix();
            default:
                break;
        }
        TemplateParameter parameter = parameters.get(name);
        if (parameter != null) {
            String value = parameterValues.get(name);
            if (value == null) {
                throw new UnresolvableException("parameter " + name + " has no Default and no override");
            }
            return parameter.isList() ? List.of(value.split(",", -1)) : value;
        }
        String resourceValue = resourceValues.get(name);
        if (resourceValue != null) {
            return resourceValue;
        }
        if (resources.containsKey(name)) {
            String named = namedPhysicalId(name);
            if (named != null) {
                return named;
            }
            throw new UnresolvableException("!Ref " + name + " is a resource" + typeOf(name)
                    + ", whose physical id is not known locally");
        }
        throw new UnresolvableException("!Ref " + name + ": no parameter, pseudo parameter or resource of that name");
    }

    private Object getAtt(Object arg, Object whole) {
        String resource;
        String attribute;
        if (arg instanceof String s && s.indexOf('.') > 0) {
            resource = s.substring(0, s.indexOf('.'));
            attribute = s.substring(s.indexOf('.') + 1);
        } else if (arg instanceof List<?> l && l.size() == 2) {
            resource = resolveString(l.get(0));
            attribute = resolveString(l.get(1));
        } else {
            throw new TemplateException("Fn::GetAtt needs [LogicalId, Attribute], got " + arg);
        }
        String value = resourceValues.get(resource + "." + attribute);
        if (value != null) {
            return value;
        }
        if (!resources.containsKey(resource)) {
            throw new UnresolvableException("!GetAtt " + resource + "." + attribute + ": no resource " + resource);
        }
        throw new UnresolvableException("!GetAtt " + resource + "." + attribute + " (a resource" + typeOf(resource)
                + ") is not known locally");
    }

    /**
     * The {@code Ref} value of resources whose physical id is the name the template gives them: a log group's
     * {@code LogGroupName}, a function's {@code FunctionName}. Null when not named (or not resolvable).
     */
    private String namedPhysicalId(String logicalId) {
        if (!(resources.get(logicalId) instanceof Map<?, ?> r) || !(r.get("Properties") instanceof Map<?, ?> p)) {
            return null;
        }
        Object nameProperty = switch (String.valueOf(r.get("Type"))) {
            case "AWS::Logs::LogGroup" -> p.get("LogGroupName");
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> p.get("FunctionName");
            default -> null;
        };
        return nameProperty == null ? null : tryResolveString(nameProperty).orElse(null);
    }

    private String typeOf(String logicalId) {
        if (resources.get(logicalId) instanceof Map<?, ?> r && r.get("Type") instanceof String type) {
            return " of type " + type;
        }
        return "";
    }

    private String sub(Object arg) {
        String template;
        Map<?, ?> variables = Map.of();
        if (arg instanceof String s) {
            template = s;
        } else if (arg instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String s
                && l.get(1) instanceof Map<?, ?> m) {
            template = s;
            variables = m;
        } else {
            throw new TemplateException("Fn::Sub needs a string or [string, {variables}], got " + arg);
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf("${", i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, start);
            int end = template.indexOf('}', start + 2);
            if (end < 0) {
                throw new TemplateException("Fn::Sub: unclosed ${ in '" + template + "'");
            }
            String name = template.substring(start + 2, end);
            if (name.startsWith("!")) {
                out.append("${").append(name, 1, name.length()).append('}');
            } else {
                name = name.trim();
                out.append(subVariable(name, variables, template));
            }
            i = end + 1;
        }
        return out.toString();
    }

    private String subVariable(String name, Map<?, ?> variables, String template) {
        if (variables.containsKey(name)) {
            return resolveString(variables.get(name));
        }
        try {
            if (name.indexOf('.') > 0 && !name.startsWith("AWS::")) {
                return stringify(getAtt(name, null));
            }
            Object value = ref(name);
            if (value instanceof List<?>) {
                throw new TemplateException("Fn::Sub: ${" + name + "} is a list parameter in '" + template + "'");
            }
            if (value == NO_VALUE) {
                throw new TemplateException("Fn::Sub: ${AWS::NoValue} in '" + template + "'");
            }
            return stringify(value);
        } catch (UnresolvableException e) {
            throw new UnresolvableException("!Sub '" + template + "': ${" + name + "}: " + e.getMessage());
        }
    }

    private Object findInMap(Object arg) {
        if (!(arg instanceof List<?> l) || l.size() < 3 || l.size() > 4) {
            throw new TemplateException("Fn::FindInMap needs [MapName, TopLevelKey, SecondLevelKey], got " + arg);
        }
        String mapName = resolveString(l.get(0));
        String top = resolveString(l.get(1));
        String second = resolveString(l.get(2));
        Object found = null;
        if (mappings.get(mapName) instanceof Map<?, ?> map && map.get(top) instanceof Map<?, ?> level) {
            found = level.get(second);
        }
        if (found == null && l.size() == 4 && l.get(3) instanceof Map<?, ?> options
                && options.containsKey("DefaultValue")) {
            return resolve(options.get("DefaultValue"));
        }
        if (found == null) {
            throw new TemplateException("Fn::FindInMap: no " + mapName + "/" + top + "/" + second + " in Mappings");
        }
        return resolve(found);
    }

    private boolean evaluateCondition(Object node) {
        if (node instanceof Boolean b) {
            return b;
        }
        if (node instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        if (node instanceof Map<?, ?> map && map.size() == 1) {
            Map.Entry<?, ?> e = map.entrySet().iterator().next();
            String fn = String.valueOf(e.getKey());
            Object arg = e.getValue();
            switch (fn) {
                case "Condition":
                    return condition(String.valueOf(arg));
                case "Fn::Equals": {
                    List<?> args = args(fn, arg, 2);
                    return comparable(resolve(args.get(0))).equals(comparable(resolve(args.get(1))));
                }
                case "Fn::Not":
                    return !evaluateCondition(args(fn, arg, 1).get(0));
                case "Fn::And":
                    return asList(fn, arg).stream().allMatch(this::evaluateCondition);
                case "Fn::Or":
                    return asList(fn, arg).stream().anyMatch(this::evaluateCondition);
                default:
                    if (isIntrinsic(node)) {
                        return evaluateCondition(resolve(node));
                    }
                    break;
            }
        }
        throw new TemplateException("not a condition: " + node);
    }

    private static Object comparable(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(IntrinsicResolver::comparable).toList();
        }
        return value instanceof Map<?, ?> ? value : stringify(value);
    }

    private static List<?> args(String fn, Object arg, int count) {
        if (arg instanceof List<?> l && l.size() == count) {
            return l;
        }
        throw new TemplateException(fn + " needs a list of " + count + " arguments, got " + arg);
    }

    private static List<?> asList(String fn, Object value) {
        if (value instanceof List<?> l) {
            return l;
        }
        throw new TemplateException(fn + " needs a list, got " + value);
    }

    @Override
    public String toString() {
        return "IntrinsicResolver" + Arrays.asList(pseudo, parameterValues.keySet(), resourceValues.keySet());
    }
}
