package io.orgaccessguard.core.decision;

import io.orgaccessguard.json.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A role's trust policy, and the one this tool writes.
 *
 * <p>Existing documents are read and edited as raw JSON, not through the SDK's policy model: that model drops
 * conditions whose values are booleans or numbers, so rebuilding someone else's statements from it would silently
 * widen their access. Our own statement is one small JSON object, built here so that the domain core needs no SDK;
 * its grammar is IAM's (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html), and both
 * emulators parse it in the end-to-end tests.
 */
public final class TrustPolicy {

    static final String STATEMENT_ID = "OrgAccessGuardTrust";
    private static final String ASSUME_ROLE = "sts:assumerole";

    private final Map<String, Object> document;

    private TrustPolicy(Map<String, Object> document) {
        this.document = document;
    }

    /** The trust of a role this tool creates: the given principals may call {@code sts:AssumeRole}, nothing else. */
    public static String document(Collection<String> principalArns) {
        var document = new LinkedHashMap<String, Object>();
        document.put("Version", "2012-10-17");
        document.put("Statement", List.of(statement(principalArns)));
        return Json.write(document);
    }

    /** Reads a trust document; throws {@link IllegalArgumentException} when it is not a JSON policy object. */
    @SuppressWarnings("unchecked")
    public static TrustPolicy parse(String json) {
        if (!(Json.parse(json) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("the trust policy is not a JSON object");
        }
        return new TrustPolicy((Map<String, Object>) map);
    }

    /**
     * Whether an unconditional Allow admits the principal for {@code sts:AssumeRole} and no Deny can refuse it.
     * Conditional Allows are not counted (whether they admit depends on the request, and the probe already failed);
     * conditional Denies are (they might apply).
     */
    public boolean admits(String principalArn) {
        boolean allowed = false;
        for (Map<?, ?> statement : statements()) {
            if (!coversAssumeRole(statement) || !appliesTo(statement, principalArn)) {
                continue;
            }
            if (isDeny(statement)) {
                return false;
            }
            allowed |= hasNoCondition(statement);
        }
        return allowed;
    }

    public boolean admitsAll(Collection<String> principalArns) {
        return principalArns.stream().allMatch(this::admits);
    }

    /** Whether a Deny statement may refuse the principal: an owner's explicit choice this tool does not override. */
    public boolean deniesAny(Collection<String> principalArns) {
        return statements().stream().anyMatch(statement -> isDeny(statement) && coversAssumeRole(statement)
                && principalArns.stream().anyMatch(arn -> appliesTo(statement, arn)));
    }

    /** The AWS principals the trust allows to assume the role, for telling a person who else can get in. */
    public List<String> allowedPrincipals() {
        var principals = new ArrayList<String>();
        for (Map<?, ?> statement : statements()) {
            if (!isDeny(statement) && coversAssumeRole(statement)) {
                Object principal = statement.get("Principal");
                if ("*".equals(principal)) {
                    principals.add("*");
                } else if (principal instanceof Map<?, ?> map) {
                    map.forEach((type, ids) -> PolicyElements.values(ids).forEach(id -> principals.add(type + ":" + id)));
                }
            }
        }
        return principals;
    }

    /** The document with every existing statement kept as it was, plus (or with a fresh) one admitting ours. */
    public String withPrincipalsAdmitted(Collection<String> principalArns) {
        var statements = new ArrayList<Object>();
        for (Map<?, ?> statement : statements()) {
            if (!STATEMENT_ID.equals(statement.get("Sid"))) {
                statements.add(statement);
            }
        }
        statements.add(statement(principalArns));
        var updated = new LinkedHashMap<String, Object>(document);
        updated.putIfAbsent("Version", "2012-10-17");
        updated.put("Statement", statements);
        return Json.write(updated);
    }

    private List<Map<?, ?>> statements() {
        var statements = new ArrayList<Map<?, ?>>();
        for (Object statement : PolicyElements.values(document.get("Statement"))) {
            if (statement instanceof Map<?, ?> map) {
                statements.add(map);
            }
        }
        return statements;
    }

    private static Map<String, Object> statement(Collection<String> principalArns) {
        var statement = new LinkedHashMap<String, Object>();
        statement.put("Sid", STATEMENT_ID);
        statement.put("Effect", "Allow");
        // IAM takes one principal as a string and several as a list.
        statement.put("Principal", Map.of("AWS", principalArns.size() == 1
                ? principalArns.iterator().next() : List.copyOf(principalArns)));
        statement.put("Action", "sts:AssumeRole");
        return statement;
    }

    private static boolean isDeny(Map<?, ?> statement) {
        return "Deny".equalsIgnoreCase(String.valueOf(statement.get("Effect")));
    }

    private static boolean hasNoCondition(Map<?, ?> statement) {
        Object condition = statement.get("Condition");
        return condition == null || condition instanceof Map<?, ?> map && map.isEmpty();
    }

    private static boolean coversAssumeRole(Map<?, ?> statement) {
        if (statement.containsKey("NotAction")) {
            return PolicyElements.values(statement.get("NotAction")).stream().noneMatch(TrustPolicy::matchesAssumeRole);
        }
        return PolicyElements.values(statement.get("Action")).stream().anyMatch(TrustPolicy::matchesAssumeRole);
    }

    private static boolean matchesAssumeRole(Object action) {
        return action instanceof String text && PolicyElements.glob(text.toLowerCase(Locale.ROOT), ASSUME_ROLE);
    }

    /** {@code Principal} names the caller, or {@code NotPrincipal} does not exclude it. */
    private static boolean appliesTo(Map<?, ?> statement, String principalArn) {
        if (statement.containsKey("NotPrincipal")) {
            return !names(statement.get("NotPrincipal"), principalArn);
        }
        return names(statement.get("Principal"), principalArn);
    }

    private static boolean names(Object principal, String principalArn) {
        if ("*".equals(principal)) {
            return true;
        }
        if (!(principal instanceof Map<?, ?> map)) {
            return false;
        }
        for (Object id : PolicyElements.values(map.get("AWS"))) {
            if ("*".equals(id) || principalArn.equals(id) || principalArn.equals(rootArnOf(id, principalArn))) {
                return true;
            }
        }
        return false;
    }

    /** IAM lets a bare account ID stand for that account's root. */
    private static String rootArnOf(Object principalId, String sameKindArn) {
        if (!(principalId instanceof String id) || !id.matches("\\d{12}")) {
            return "";
        }
        return "arn:" + sameKindArn.split(":", 3)[1] + ":iam::" + id + ":root";
    }
}
