package io.orgaccessguard.it.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.policy.Wildcard;
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

/**
 * The identity policy a function of {@code template.yaml} runs with, read from the template (its {@code Role}'s
 * managed policies declared in the template and inline policies, or SAM's {@code Policies}), resolved with the
 * template's parameter, pseudo parameter and resource values, and evaluated by the emulator's IAM policy evaluator
 * ({@link PolicyEvaluator}: one evaluator for the emulator and these tests). A statement the evaluator cannot judge
 * exactly (NotAction, NotResource, a principal, a condition operator it does not implement) is refused with an error,
 * never guessed: a test that cannot evaluate a policy must fail, not pass.
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String functionId;
    private final List<Statement> statements;
    /** The same statements as the emulator's evaluator reads them, one document each, named by origin. */
    private final List<PolicyEvaluator.Source> sources;

    private FunctionPolicy(String functionId, List<Statement> statements) {
        this.functionId = functionId;
        this.statements = List.copyOf(statements);
        this.sources = this.statements.stream().map(FunctionPolicy::source).toList();
    }

    /**
     * A statement as a policy document parsed by IAM's rules ({@link PolicyParser}); a condition operator the
     * evaluator does not implement is refused here, never guessed.
     */
    private static PolicyEvaluator.Source source(Statement statement) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Effect", statement.allow() ? "Allow" : "Deny");
        json.put("Action", statement.actions());
        json.put("Resource", statement.resources());
        if (!statement.condition().isEmpty()) {
            json.put("Condition", statement.condition());
        }
        PolicyDocument document;
        try {
            document = PolicyParser.parse(JSON.writeValueAsString(Map.of("Version", "2012-10-17",
                    "Statement", List.of(json))), PolicyParser.Kind.IDENTITY, p -> null);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new AssertionError(statement.origin() + ": not a valid identity policy statement: " + e.getMessage(), e);
        }
        List<String> unsupported = PolicyEvaluator.unsupportedConditionOperators(document);
        if (!unsupported.isEmpty()) {
            throw new AssertionError(statement.origin() + ": condition operator(s) " + unsupported
                    + " are not evaluated by the emulator's PolicyEvaluator; extend it");
        }
        return new PolicyEvaluator.Source(statement.origin(), "none", document);
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

    /**
     * IAM's evaluation of an identity policy alone, by the emulator's evaluator (the one IAM policy evaluator of this
     * project, {@link PolicyEvaluator}): an explicit Deny wins, else an Allow is needed. The request's context is all
     * there is: a key a statement tests that the request lacks is absent.
     */
    public Decision evaluate(Request request) {
        PolicyEvaluator.Result result = PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(sources),
                new PolicyEvaluator.Request(request.action(), request.resource(), request.context(), true));
        List<String> origins = result.matchedStatements().stream().map(m -> m.source().id()).toList();
        return switch (result.decision()) {
            case ALLOW -> new Decision(true, "allowed by " + origins);
            case EXPLICIT_DENY -> new Decision(false, "explicitly denied by " + String.join(", ", origins));
            case IMPLICIT_DENY -> new Decision(false, "no statement of " + functionId + "'s policy allows "
                    + request.action() + " on " + request.resource() + " with " + request.context());
        };
    }

    /** IAM wildcard matching: {@code *} any run, {@code ?} one character; actions ignore case, ARNs do not. */
    static boolean wildcard(String pattern, String value, boolean ignoreCase) {
        return Wildcard.matches(pattern, value, ignoreCase);
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
