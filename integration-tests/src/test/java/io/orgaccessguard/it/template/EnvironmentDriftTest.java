package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the function reads from its environment ({@link GuardConfig#VARIABLES}) is exactly what {@code template.yaml}
 * sets, every parameter of the template is used, and every value the template admits is one the function accepts.
 */
class EnvironmentDriftTest {

    /** Variables the template may set that are meant for the JVM or the Lambda runtime, not read by our code. */
    static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    static Stream<String> functions() {
        return Templates.load().functions().stream().map(SamFunction::logicalId);
    }

    @ParameterizedTest
    @MethodSource("functions")
    void theVariablesTheCodeReads_areExactlyTheOnesTheTemplateSets(String id) {
        Set<String> set = new TreeSet<>(Templates.load().function(id).environmentVariables().keySet());
        set.removeAll(RUNTIME_VARIABLES);
        Set<String> read = new TreeSet<>(GuardConfig.VARIABLES);

        Set<String> notSet = new TreeSet<>(read);
        notSet.removeAll(set);
        Set<String> notRead = new TreeSet<>(set);
        notRead.removeAll(read);

        assertThat(notSet).as("variables GuardConfig reads that %s's Environment.Variables (Globals merged) does not"
                + " set", id).isEmpty();
        assertThat(notRead).as("variables %s sets that GuardConfig.VARIABLES does not read", id).isEmpty();
    }

    @Test
    void everyParameter_reachesAnEnvironmentVariableOrAResource() {
        SamTemplate template = Templates.load();
        Map<String, Object> conditions = section(template, "Conditions");
        Map<String, Set<String>> reached = new LinkedHashMap<>();
        template.parameters().keySet().forEach(name -> reached.put(name, new TreeSet<>()));

        template.globalsFunction().forEach((property, value) -> {
            if (property.equals("Environment") && value instanceof Map<?, ?> env
                    && env.get("Variables") instanceof Map<?, ?> variables) {
                variables.forEach((variable, v) -> references(v, conditions)
                        .forEach(name -> reach(reached, name, "env " + variable)));
            } else {
                references(value, conditions).forEach(name -> reach(reached, name, "Globals.Function." + property));
            }
        });
        template.resources().forEach((id, resource) ->
                references(resource, conditions).forEach(name -> reach(reached, name, "resource " + id)));

        reached.forEach((parameter, where) -> System.out.println("[parameters] " + parameter + " -> " + where));
        assertThat(reached.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey))
                .as("parameters that reach no environment variable and no resource (Globals and Resources,"
                        + " directly or through a condition)").isEmpty();
    }

    /** A variable fed by a parameter takes the parameter of its name: {@code MaxConcurrency -> MAX_CONCURRENCY}. */
    @ParameterizedTest
    @MethodSource("functions")
    void eachVariableFedByAParameter_takesTheParameterOfItsName(String id) {
        SamTemplate template = Templates.load();
        Map<String, String> mismatched = new LinkedHashMap<>();
        template.function(id).environmentVariables().forEach((variable, value) -> {
            Set<String> parameters = new TreeSet<>(references(value, section(template, "Conditions")));
            parameters.retainAll(template.parameters().keySet());
            if (!parameters.isEmpty() && !parameters.equals(Set.of(parameterNameOf(variable)))) {
                mismatched.put(variable, String.join(", ", parameters));
            }
        });
        assertThat(mismatched).as("%s: variables fed by another parameter than their namesake", id).isEmpty();
    }

    /** {@code MAX_CONCURRENCY -> MaxConcurrency}. */
    private static String parameterNameOf(String variable) {
        var out = new StringBuilder();
        for (String word : variable.toLowerCase(java.util.Locale.ROOT).split("_")) {
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }

    /**
     * Deploying with any value a parameter allows (each {@code AllowedValues}, {@code MinValue}, {@code MaxValue},
     * the {@code Default}) gives the function an environment it starts with.
     */
    @Test
    void everyValueTheTemplateAdmits_isAcceptedByTheFunction() {
        SamTemplate template = Templates.load();
        Map<String, Object> declared = section(template, "Parameters");
        List<String> tried = new ArrayList<>();
        for (var parameter : declared.entrySet()) {
            Map<?, ?> p = (Map<?, ?>) parameter.getValue();
            Set<String> values = new HashSet<>();
            if (p.get("Default") != null) {
                values.add(IntrinsicResolverAccess.stringify(p.get("Default")));
            }
            if (p.get("AllowedValues") instanceof List<?> allowed) {
                allowed.forEach(v -> values.add(IntrinsicResolverAccess.stringify(v)));
            }
            for (String bound : List.of("MinValue", "MaxValue")) {
                if (p.get(bound) != null) {
                    values.add(IntrinsicResolverAccess.stringify(p.get(bound)));
                }
            }
            for (String value : values) {
                Map<String, String> overrides = Map.of(parameter.getKey(), value);
                for (SamFunction function : Templates.deployed(overrides).functions()) {
                    Map<String, String> env = function.resolvedEnvironmentVariables();
                    tried.add(parameter.getKey() + "=" + value);
                    assertThatCode(() -> GuardConfig.from(env))
                            .as("%s deployed with %s=%s: its environment %s", function.logicalId(),
                                    parameter.getKey(), value, env)
                            .doesNotThrowAnyException();
                }
            }
        }
        assertThat(tried).isNotEmpty();
    }

    private static void reach(Map<String, Set<String>> reached, String parameter, String where) {
        if (reached.containsKey(parameter)) {
            reached.get(parameter).add(where);
        }
    }

    /** Names a node refers to: Ref, ${...} of Fn::Sub, and the parameters of the conditions it uses. */
    static Set<String> references(Object node, Map<String, Object> conditions) {
        Set<String> out = new TreeSet<>();
        collect(node, conditions, out, new HashSet<>());
        return out;
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

    private static void collect(Object node, Map<String, Object> conditions, Set<String> out, Set<String> seen) {
        if (node instanceof Map<?, ?> map) {
            for (var entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Object value = entry.getValue();
                switch (key) {
                    case "Ref" -> out.add(String.valueOf(value));
                    case "Fn::Sub" -> {
                        String text = value instanceof List<?> l ? String.valueOf(l.getFirst()) : String.valueOf(value);
                        Set<String> local = value instanceof List<?> l && l.size() == 2 && l.get(1) instanceof Map<?, ?> m
                                ? new HashSet<>(m.keySet().stream().map(String::valueOf).toList()) : Set.of();
                        Matcher matcher = SUB_VARIABLE.matcher(text);
                        while (matcher.find()) {
                            String name = matcher.group(1).strip();
                            if (!local.contains(name)) {
                                out.add(name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                            }
                        }
                        if (value instanceof List<?> l && l.size() == 2) {
                            collect(l.get(1), conditions, out, seen);
                        }
                    }
                    case "Fn::If" -> {
                        List<?> args = (List<?>) value;
                        condition(String.valueOf(args.getFirst()), conditions, out, seen);
                        collect(args.subList(1, args.size()), conditions, out, seen);
                    }
                    case "Condition" -> {
                        if (value instanceof String name) {
                            condition(name, conditions, out, seen);
                        } else {
                            collect(value, conditions, out, seen);
                        }
                    }
                    default -> collect(value, conditions, out, seen);
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, conditions, out, seen));
        }
    }

    private static void condition(String name, Map<String, Object> conditions, Set<String> out, Set<String> seen) {
        if (seen.add(name) && conditions.containsKey(name)) {
            collect(conditions.get(name), conditions, out, seen);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(SamTemplate template, String name) {
        return template.tree().get(name) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Stringifies parameter values as CloudFormation passes them (512, not 512.0). */
    private static final class IntrinsicResolverAccess {
        static String stringify(Object value) {
            if (value instanceof Double || value instanceof Float) {
                return new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        }
    }
}
