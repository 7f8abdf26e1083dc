package io.orgaccessguard.emulator.policy;

import java.util.List;

/**
 * One parsed policy statement.
 *
 * @param principals the {@code Principal} element of a resource or trust policy, null in identity policies
 * @param conditions empty when the statement has no Condition
 */
public record Statement(String sid, boolean allow, List<String> actions, boolean notAction, List<String> resources,
                        boolean notResource, Principals principals, List<Condition> conditions) {

    public Statement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    /** The {@code Principal} element: {@code "*"}, or lists per principal type. */
    public record Principals(boolean anyone, List<String> aws, List<String> service, List<String> federated) {
        public Principals {
            aws = List.copyOf(aws);
            service = List.copyOf(service);
            federated = List.copyOf(federated);
        }
    }

    /** One {@code "Operator": {"key": values}} entry. */
    public record Condition(String operator, String key, List<String> values) {
        public Condition {
            values = List.copyOf(values);
        }
    }

    public boolean matchesAction(String action) {
        boolean any = actions.stream().anyMatch(a -> Wildcard.matches(a, action, true));
        return notAction != any;
    }

    /** Statements without Resource (trust policies) match any resource. */
    public boolean matchesResource(String resource) {
        if (resources.isEmpty()) {
            return true;
        }
        boolean any = resources.stream().anyMatch(r -> Wildcard.matches(r, resource, false));
        return notResource != any;
    }
}
