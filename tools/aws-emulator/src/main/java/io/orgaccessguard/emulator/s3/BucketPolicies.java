package io.orgaccessguard.emulator.s3;

import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.Statement;
import io.orgaccessguard.emulator.policy.Wildcard;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bucket policies: whether one is public as S3 defines it, and what it says about one request.
 *
 * <p>A statement naming a principal directly (its user, role or session ARN, or {@code "*"}) grants that principal
 * access on its own; one naming an account ({@code 123456789012} or {@code arn:aws:iam::123456789012:root}) delegates
 * to that account, whose identity policies must also allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts).
 */
public final class BucketPolicies {

    /**
     * Condition keys that make an Allow to {@code "*"} non-public when fixed to specific values ("The meaning of
     * public", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
     * #access-control-block-public-access-policy-status).
     */
    private static final Set<String> NON_PUBLIC_KEYS = Set.of("aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce",
            "aws:sourceowner", "aws:sourceaccount", "s3:x-amz-server-side-encryption-aws-kms-key-id", "aws:userid",
            "aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths",
            "s3:dataaccesspointarn", "s3:dataaccesspointaccount");
    private static final Set<String> FIXED_OPERATORS = Set.of("StringEquals", "StringEqualsIgnoreCase", "ArnEquals",
            "StringLike", "ArnLike", "ForAnyValue:StringEquals", "ForAnyValue:StringLike");

    /** What the policy says about one request. */
    public record Verdict(boolean explicitDeny, boolean allowsPrincipal, boolean allowsAccount) {
        public static final Verdict NONE = new Verdict(false, false, false);
    }

    private enum Match { NONE, ACCOUNT, PRINCIPAL }

    private BucketPolicies() {
    }

    /** Whether any Allow statement grants to everyone without fixing the caller by one of the non-public keys. */
    public static boolean isPublic(PolicyDocument policy) {
        return policy.statements().stream().anyMatch(s -> s.allow() && s.principals() != null
                && s.principals().anyone() && s.conditions().stream().noneMatch(BucketPolicies::fixesCaller));
    }

    private static boolean fixesCaller(Statement.Condition c) {
        if (!NON_PUBLIC_KEYS.contains(c.key().toLowerCase(Locale.ROOT)) || !FIXED_OPERATORS.contains(c.operator())) {
            return false;
        }
        if ("aws:userid".equalsIgnoreCase(c.key())
                && c.values().stream().anyMatch(v -> v.matches("AROA[A-Z0-9]+:\\*"))) {
            return false;
        }
        return c.values().stream().noneMatch(v -> v.contains("*") || v.contains("?"));
    }

    /**
     * Whether every statement's resource refers to this bucket or its objects (S3 refuses a policy that names another
     * resource: "Policy has invalid resource").
     */
    public static boolean refersOnlyTo(PolicyDocument policy, String bucketArn) {
        for (Statement s : policy.statements()) {
            for (String resource : s.resources()) {
                if (!Wildcard.matches(resource, bucketArn, false) && !Wildcard.matches(resource, bucketArn + "/x", false)
                        && !resource.startsWith(bucketArn + "/")) {
                    return false;
                }
            }
            if (s.resources().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The policy's verdict for a caller (null when anonymous): an applicable Deny whose conditions are not false
     * denies; an applicable Allow whose conditions hold grants, directly or by delegation to the caller's account.
     */
    public static Verdict evaluate(PolicyDocument policy, Principal caller, String partition, String action,
                                   String resource, Map<String, String> context) {
        boolean deny = PolicyEvaluator.evaluate(List.of(policy), action, resource, context,
                s -> !s.allow() && match(s, caller, partition) != Match.NONE) == Decision.EXPLICIT_DENY;
        boolean principal = PolicyEvaluator.evaluate(List.of(policy), action, resource, context,
                s -> s.allow() && match(s, caller, partition) == Match.PRINCIPAL) == Decision.ALLOW;
        boolean account = PolicyEvaluator.evaluate(List.of(policy), action, resource, context,
                s -> s.allow() && match(s, caller, partition) == Match.ACCOUNT) == Decision.ALLOW;
        return new Verdict(deny, principal, account);
    }

    private static Match match(Statement s, Principal caller, String partition) {
        Statement.Principals principals = s.principals();
        if (principals == null) {
            return Match.NONE;
        }
        if (principals.anyone()) {
            return Match.PRINCIPAL;
        }
        if (caller == null) {
            return Match.NONE;
        }
        Match best = Match.NONE;
        String root = "arn:" + partition + ":iam::" + caller.accountId() + ":root";
        for (String value : principals.aws()) {
            if (value.equals(caller.arn()) || (caller.isRoleSession() && value.equals(caller.roleArn()))) {
                return Match.PRINCIPAL;
            }
            if (value.equals(caller.accountId()) || value.equals(root)) {
                best = Match.ACCOUNT;
            }
        }
        return best;
    }
}
