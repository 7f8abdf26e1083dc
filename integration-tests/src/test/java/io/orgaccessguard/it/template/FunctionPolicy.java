package io.orgaccessguard.it.template;

import io.orgaccessguard.localinvoke.template.IntrinsicResolver;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The identity policy a function of {@code template.yaml} runs with, read from the template (its {@code Role}'s
 * managed policies declared in the template and inline policies, or SAM's {@code Policies}), resolved with the
 * template's parameter, pseudo parameter and resource values, and evaluated the way IAM evaluates an identity policy
 * for the cases this project has: Allow/Deny, actions and resources with {@code *}/{@code ?} wildcards, and the
 * condition operators and keys listed in {@link #conditionHolds}. Anything else is refused with an error, never
 * guessed: a test that cannot evaluate a policy must fail, not pass.
 */
public final class FunctionPolicy {

    /**
     * One statement, resolved.
     *
     * @param origin    where it comes from, for messages ({@code GuardPolicy/AssumeAccessRole})
     * @param condition operator -> key -> values
     */
    public record Statement(String origin, boolean allow, List<String> actions, List<String> resources,
                            Map<String, Map<String, List<String>>> condition) {

        public boolean coversAction(String action) {
            return actions.stream().anyMatch(pattern -> wildcard(pattern, action, true));
        }

        public boolean coversResource(String resource) {
            return resources.stream().anyMatch(pattern -> wildcard(pattern, resource, false));
        }
    }

    /**
     * What one request asks for.
     *
     * @param action   the IAM action
     * @param resource the ARN it acts on, or {@code *} for actions without a resource type
     * @param context  condition keys present in the request context, e.g. {@code aws:ResourceOrgID}
     */
    public record Request(String action, String resource, Map<String, List<String>> context) {
    }

    /** The decision for one request, with the statements that decided it. */
    public record Decision(boolean allowed, String explanation) {
    }

    private final String functionId;
    private final List<Statement> statements;

    private FunctionPolicy(String functionId, List<Statement> statements) {
        this.functionId = functionId;
        this.statements = List.copyOf(statements);
    }

    /**
     * The policy of one function. The template must carry every resource value its policies reference
     * ({@link SamTemplate#withResourceValues(Map)}).
     */
    public static FunctionPolicy of(SamTemplate template, String functionId) {
        SamFunction function = template.function(functionId);
        List<Statement> statements = new ArrayList<>();
        Object role = function.property("Role");
        if (role != null) {
            String roleId = getAttArnTarget(role).orElseThrow(() -> new AssertionError(functionId
                    + ".Role must be !GetAtt <a role of this template>.Arn to be evaluated, got " + role));
            Map<String, Object> roleResource = template.resource(roleId);
            if (!"AWS::IAM::Role".equals(roleResource.get("Type"))) {
                throw new AssertionError(functionId + ".Role names " + roleId + ", not an AWS::IAM::Role");
            }
            Map<String, Object> props = map(roleResource.get("Properties"));
            for (Object managed : list(props.get("ManagedPolicyArns"))) {
                statements.addAll(managedPolicy(template, roleId + ".ManagedPolicyArns", managed));
            }
            for (Object inline : list(props.get("Policies"))) {
                Map<String, Object> policy = map(inline);
                statements.addAll(document(template, roleId + "/" + policy.get("PolicyName"),
                        policy.get("PolicyDocument")));
            }
        } else {
            // SAM's generated role: AWSLambdaBasicExecutionRole plus the Policies property
            statements.add(new Statement("AWSLambdaBasicExecutionRole", true,
                    List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"), List.of("*"),
                    Map.of()));
            for (Object policy : function.policies()) {
                if (policy instanceof Map<?, ?> m && m.containsKey("Statement")) {
                    statements.addAll(document(template, functionId + ".Policies", policy));
                } else {
                    statements.addAll(managedPolicy(template, functionId + ".Policies", policy));
                }
            }
        }
        return new FunctionPolicy(functionId, statements);
    }

    public String functionId() {
        return functionId;
    }

    public List<Statement> statements() {
        return statements;
    }

    /** Every action any Allow statement names (as written, wildcards included). */
    public Set<String> allowedActions() {
        Set<String> out = new LinkedHashSet<>();
        statements.stream().filter(Statement::allow).forEach(s -> out.addAll(s.actions()));
        return out;
    }

    /** The Allow statements naming an action, exactly as written. */
    public List<Statement> allowStatementsFor(String action) {
        return statements.stream().filter(Statement::allow)
                .filter(s -> s.actions().stream().anyMatch(a -> a.equalsIgnoreCase(action))).toList();
    }

    /** IAM's evaluation of an identity policy alone: an explicit Deny wins, else an Allow is needed. */
    public Decision evaluate(Request request) {
        List<String> allows = new ArrayList<>();
        for (Statement statement : statements) {
            if (!statement.coversAction(request.action()) || !statement.coversResource(request.resource())) {
                continue;
            }
            if (!conditionHolds(statement, request)) {
                continue;
            }
            if (!statement.allow()) {
                return new Decision(false, "explicitly denied by " + statement.origin());
            }
            allows.add(statement.origin());
        }
        return allows.isEmpty()
                ? new Decision(false, "no statement of " + functionId + "'s policy allows " + request.action()
                        + " on " + request.resource() + " with " + request.context())
                : new Decision(true, "allowed by " + allows);
    }

    /**
     * Condition operators: {@code StringEquals}, {@code StringLike}, {@code ArnEquals},
     * {@code ArnLike}, each also as {@code ...IfExists} and with {@code ForAllValues:} / {@code ForAnyValue:}. Policy
     * variables ({@code ${aws:PrincipalOrgID}}) are substituted from the request context.
     */
    static boolean conditionHolds(Statement statement, Request request) {
        for (Map.Entry<String, Map<String, List<String>>> operator : statement.condition().entrySet()) {
            String name = operator.getKey();
            String qualifier = "";
            if (name.startsWith("ForAllValues:") || name.startsWith("ForAnyValue:")) {
                qualifier = name.substring(0, name.indexOf(':'));
                name = name.substring(name.indexOf(':') + 1);
            }
            boolean ifExists = name.endsWith("IfExists");
            String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
            for (Map.Entry<String, List<String>> key : operator.getValue().entrySet()) {
                List<String> present = request.context().get(key.getKey());
                List<String> wanted = key.getValue().stream().map(v -> substitute(v, request)).toList();
                if (present == null) {
                    if (qualifier.equals("ForAllValues") || ifExists) {
                        continue;
                    }
                    return false;
                }
                java.util.function.BiPredicate<String, String> test = switch (base) {
                    case "StringEquals", "ArnEquals" -> String::equals;
                    case "StringLike", "ArnLike" -> (value, pattern) -> wildcard(pattern, value, false);
                    default -> throw new AssertionError(statement.origin() + ": condition operator " + operator.getKey()
                            + " is not evaluated by this test; extend FunctionPolicy");
                };
                boolean holds = switch (qualifier) {
                    case "ForAllValues" -> present.stream().allMatch(v -> wanted.stream().anyMatch(w -> test.test(v, w)));
                    default -> present.stream().anyMatch(v -> wanted.stream().anyMatch(w -> test.test(v, w)));
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String substitute(String value, Request request) {
        var matcher = Pattern.compile("\\$\\{([^}]+)}").matcher(value);
        var out = new StringBuilder();
        while (matcher.find()) {
            List<String> values = request.context().get(matcher.group(1));
            if (values == null || values.size() != 1) {
                throw new AssertionError("policy variable ${" + matcher.group(1) + "} has no single value in "
                        + request.context());
            }
            matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(values.getFirst()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** IAM wildcard matching: {@code *} any run, {@code ?} one character; actions ignore case, ARNs do not. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        var regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0).matcher(value).matches();
    }

    private static List<Statement> managedPolicy(SamTemplate template, String origin, Object reference) {
        if (reference instanceof Map<?, ?> ref && ref.size() == 1 && ref.get("Ref") instanceof String id
                && template.resourceType(id).filter("AWS::IAM::ManagedPolicy"::equals).isPresent()) {
            return document(template, id, map(template.resource(id).get("Properties")).get("PolicyDocument"));
        }
        throw new AssertionError(origin + ": " + IntrinsicResolver.describe(reference)
                + " is not a managed policy declared in the template; its permissions cannot be checked here");
    }

    private static List<Statement> document(SamTemplate template, String origin, Object document) {
        Object resolved = template.resolver().resolve(document);
        List<Statement> out = new ArrayList<>();
        Object statements = map(resolved).get("Statement");
        List<?> items = statements instanceof List<?> l ? l : List.of(statements);
        int index = 0;
        for (Object item : items) {
            Map<String, Object> statement = map(item);
            for (String unsupported : List.of("NotAction", "NotResource", "Principal", "NotPrincipal")) {
                if (statement.containsKey(unsupported)) {
                    throw new AssertionError(origin + ": " + unsupported + " is not evaluated by this test");
                }
            }
            String sid = statement.get("Sid") != null ? String.valueOf(statement.get("Sid")) : "#" + index;
            Map<String, Map<String, List<String>>> condition = new LinkedHashMap<>();
            map(statement.getOrDefault("Condition", Map.of())).forEach((operator, keys) -> {
                Map<String, List<String>> byKey = new LinkedHashMap<>();
                map(keys).forEach((key, values) -> byKey.put(key, strings(values)));
                condition.put(operator, byKey);
            });
            out.add(new Statement(origin + "/" + sid, "Allow".equals(statement.get("Effect")),
                    strings(statement.get("Action")), strings(statement.get("Resource")), condition));
            index++;
        }
        return out;
    }

    private static Optional<String> getAttArnTarget(Object node) {
        if (node instanceof Map<?, ?> m && m.size() == 1 && m.get("Fn::GetAtt") != null) {
            Object arg = m.get("Fn::GetAtt");
            if (arg instanceof List<?> l && l.size() == 2 && "Arn".equals(l.get(1))) {
                return Optional.of(String.valueOf(l.get(0)));
            }
            if (arg instanceof String s && s.endsWith(".Arn")) {
                return Optional.of(s.substring(0, s.length() - 4));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        if (node instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new AssertionError("expected a map, got " + node);
    }

    private static List<?> list(Object node) {
        return node == null ? List.of() : node instanceof List<?> l ? l : List.of(node);
    }

    private static List<String> strings(Object node) {
        return list(node).stream().map(v -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                throw new AssertionError("unresolved value in a policy: " + v);
            }
            return String.valueOf(v);
        }).toList();
    }

    /** The IAM service prefix of an action, e.g. {@code sts}. */
    public static String service(String action) {
        return action.substring(0, action.indexOf(':')).toLowerCase(Locale.ROOT);
    }
}
