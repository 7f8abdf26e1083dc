package io.orgaccessguard.core.decision;

import io.orgaccessguard.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Whether an access role grants what the configuration asks for, judged by effect rather than by how it is granted.
 *
 * <p>A role grants what is asked when either every required managed policy is attached, or the role grants full
 * administrator access, which covers anything a policy could ask for: the partition's AWS managed
 * {@code AdministratorAccess} attached, or an inline policy with an unconditional {@code Allow} of {@code "*"} on
 * {@code "*"} and no inline {@code Deny}. The second is how AWS makes {@code OrganizationAccountAccessRole} in an
 * account Organizations creates: an inline policy named {@code AdministratorAccess}, no managed policy
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html).
 * The required policies are {@code ACCESS_POLICY_ARNS}, or the partition's {@code AdministratorAccess} when unset.
 */
public final class PolicyGrants {

    private PolicyGrants() {
    }

    /** The required policies the attached ones alone do not provide; empty when attachments settle it. */
    public static List<String> missingByAttachment(List<String> required, List<String> attached,
                                                   String administratorAccessArn) {
        if (attached.contains(administratorAccessArn)) {
            return List.of();
        }
        return required.stream().filter(policy -> !attached.contains(policy)).toList();
    }

    /** Whether the inline policies grant full administrator access: an unconditional Allow of * on *, no Deny. */
    public static boolean inlineGrantsEverything(Map<String, String> inlineDocuments) {
        boolean allowsAll = false;
        for (String document : inlineDocuments.values()) {
            for (Map<?, ?> statement : statements(document)) {
                if ("Deny".equalsIgnoreCase(String.valueOf(statement.get("Effect")))) {
                    return false;
                }
                allowsAll |= "Allow".equalsIgnoreCase(String.valueOf(statement.get("Effect")))
                        && !statement.containsKey("NotAction") && !statement.containsKey("NotResource")
                        && isUnconditional(statement)
                        && PolicyElements.values(statement.get("Action")).contains("*")
                        && PolicyElements.values(statement.get("Resource")).contains("*");
            }
        }
        return allowsAll;
    }

    private static boolean isUnconditional(Map<?, ?> statement) {
        Object condition = statement.get("Condition");
        return condition == null || condition instanceof Map<?, ?> map && map.isEmpty();
    }

    private static List<Map<?, ?>> statements(String document) {
        Object parsed;
        try {
            parsed = Json.parse(document);
        } catch (Json.MalformedJsonException e) {
            return List.of(); // unreadable grants nothing we can count on
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return List.of();
        }
        return PolicyElements.values(map.get("Statement")).stream()
                .filter(Map.class::isInstance).<Map<?, ?>>map(Map.class::cast).toList();
    }
}
