package io.orgaccessguard.it.moto;

import io.orgaccessguard.json.Json;
import java.lang.reflect.RecordComponent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Everything IAM holds about the roles of one account, read back from moto: two readings are equal exactly when no role
 * was created, deleted or changed in between (trust, inline and attached policies, tags, description, identity).
 *
 * @param roles by name
 */
record IamState(Map<String, RoleState> roles) {

    IamState {
        roles = Map.copyOf(roles);
    }

    /** Reads every role of the account the client acts in. */
    static IamState read(IamClient iam) {
        var roles = new TreeMap<String, RoleState>();
        iam.listRolesPaginator(r -> { }).roles().stream().map(Role::roleName)
                .forEach(name -> RoleState.read(iam, name).ifPresent(role -> roles.put(name, role)));
        return new IamState(roles);
    }

    Optional<RoleState> role(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    /** Each difference from an earlier reading, in words ({@code role: what: before -> after}); empty when none. */
    List<String> changesSince(IamState before) {
        var changes = new ArrayList<String>();
        var names = new TreeSet<>(before.roles.keySet());
        names.addAll(roles.keySet());
        for (String name : names) {
            RoleState was = before.roles.get(name);
            RoleState is = roles.get(name);
            if (was == null || is == null) {
                changes.add(name + (was == null ? ": created" : ": deleted"));
                continue;
            }
            for (RecordComponent component : RoleState.class.getRecordComponents()) {
                Object from = value(component, was);
                Object to = value(component, is);
                if (!Objects.equals(from, to)) {
                    changes.add(name + ": " + component.getName() + ": " + from + " -> " + to);
                }
            }
        }
        return changes;
    }

    private static Object value(RecordComponent component, RoleState role) {
        try {
            return component.getAccessor().invoke(role);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One role as IAM returns it. Policy documents are parsed (IAM returns them URL-encoded, RFC 3986), so that equal
     * means the same policy, not the same bytes.
     *
     * @param roleId changes when a role is deleted and made again under the same name
     * @param trustPolicy the parsed trust policy
     * @param inlinePolicies inline policy name to parsed document
     * @param attachedPolicyArns managed policies attached, sorted
     */
    record RoleState(String roleId, Object trustPolicy, Map<String, Object> inlinePolicies,
                     List<String> attachedPolicyArns, Map<String, String> tags, String description) {

        static Optional<RoleState> read(IamClient iam, String roleName) {
            Role role;
            try {
                role = iam.getRole(r -> r.roleName(roleName)).role();
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
            Map<String, Object> inline = new TreeMap<>();
            iam.listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().forEach(policy ->
                    inline.put(policy, parse(iam.getRolePolicy(r -> r.roleName(roleName).policyName(policy))
                            .policyDocument())));
            List<String> attached = iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName))
                    .attachedPolicies().stream().map(AttachedPolicy::policyArn).sorted().toList();
            Map<String, String> tags = iam.listRoleTagsPaginator(r -> r.roleName(roleName)).tags().stream()
                    .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b, TreeMap::new));
            return Optional.of(new RoleState(role.roleId(), parse(role.assumeRolePolicyDocument()), inline, attached,
                    tags, role.description() == null ? "" : role.description()));
        }

        /** The statements of the trust policy, in order (IAM admits one statement written without a list). */
        List<Object> trustStatements() {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = (Map<String, Object>) trustPolicy;
            Object statements = document.get("Statement");
            return statements instanceof List<?> list ? List.copyOf(list) : List.of(statements);
        }

        private static Object parse(String document) {
            String json = document.stripLeading().startsWith("{") ? document
                    : URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
            return Json.parse(json);
        }
    }
}
