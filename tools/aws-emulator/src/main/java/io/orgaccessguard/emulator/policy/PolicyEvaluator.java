package io.orgaccessguard.emulator.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * IAM's policy evaluation, the one evaluator of this project: the emulator authorizes every request with it, answers
 * {@code iam:SimulatePrincipalPolicy} with it, and the integration tests judge the template's policies with it.
 *
 * <p>Within a single account (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * an explicit Deny in any applicable policy wins; then every level of service control policies (root, each OU, the
 * account) must allow (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html);
 * then an identity-based policy must allow, and a permissions boundary, when the principal has one, must allow too:
 * "The effective permissions are the intersection of both policy types"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html); then session policies, when
 * given, must allow.
 */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /** One policy in an evaluation: an ID and type as {@code iam:SimulatePrincipalPolicy} names them. */
    public record Source(String id, String type, PolicyDocument document) {
        /** A policy with no name (session policies, tests). */
        public static Source of(PolicyDocument document) {
            return new Source(null, "none", document);
        }
    }

    /** A statement that took part in a decision, and the policy holding it. */
    public record Match(Source source, Statement statement) {
    }

    /**
     * What one request asks for.
     *
     * @param context condition keys (any case) to values
     * @param closedWorld true when the context is everything (the simulator, a test): every key may be tested and
     *     keys the policies test that are absent are reported as missing; false for live requests, where a key the
     *     emulator does not track makes a statement unevaluable (see {@link ConditionEvaluator})
     */
    public record Request(String action, String resource, Map<String, List<String>> context, boolean closedWorld) {
        public Request {
            var lower = new LinkedHashMap<String, List<String>>();
            context.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            context = java.util.Collections.unmodifiableMap(lower);
        }

        /** A live request: single-valued keys as the emulator tracks them. */
        public static Request live(String action, String resource, Map<String, String> context) {
            var multi = new LinkedHashMap<String, List<String>>();
            context.forEach((k, v) -> multi.put(k, List.of(v)));
            return new Request(action, resource, multi, false);
        }
    }

    /**
     * The policies that apply to a principal.
     *
     * @param boundary the permissions boundary, or null when the principal has none
     * @param scpLevels the SCPs of each level from the root down to the account, or null when SCPs do not apply
     *     (the management account, an account outside an organization)
     * @param session session policies; empty when the session has none (they then do not narrow anything)
     */
    public record Policies(List<Source> identity, Source boundary, List<List<Source>> scpLevels,
                           List<Source> session) {
        public Policies {
            identity = List.copyOf(identity);
            scpLevels = scpLevels == null ? null : scpLevels.stream().map(List::copyOf).toList();
            session = List.copyOf(session);
        }

        public static Policies identityOnly(List<Source> identity) {
            return new Policies(identity, null, null, List.of());
        }
    }

    /** The kind of policy that decided a denial, for AWS's error wording and the simulator's details. */
    public enum DeniedBy {
        SERVICE_CONTROL_POLICY("a", "service control policy"),
        PERMISSIONS_BOUNDARY("a", "permissions boundary"),
        IDENTITY_BASED_POLICY("an", "identity-based policy"),
        SESSION_POLICY("a", "session policy");

        private final String article;
        private final String words;

        DeniedBy(String article, String words) {
            this.article = article;
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * The decision and what it rests on.
     *
     * @param deniedBy which policy type denied, null when allowed
     * @param matchedStatements the identity-based statements that decide: the matching Deny statements when one
     *     denies, else the matching Allow statements (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html)
     * @param allowedByBoundary null when the principal has no boundary
     * @param allowedByOrganizations null when no SCP applies
     * @param missingContextKeys condition keys (as the policies spell them) tested by a statement matching the request
     *     but absent from the context; empty unless {@link Request#closedWorld()}
     */
    public record Result(Decision decision, DeniedBy deniedBy, List<Match> matchedStatements,
                         Boolean allowedByBoundary, Boolean allowedByOrganizations, Set<String> missingContextKeys) {

        public boolean allowed() {
            return decision == Decision.ALLOW;
        }

        /** AWS's reason in an AccessDenied message, or null when allowed. */
        public String reason(String action) {
            if (deniedBy == null) {
                return null;
            }
            return decision == Decision.EXPLICIT_DENY
                    ? "with an explicit deny in " + deniedBy.article + " " + deniedBy.words()
                    : "because no " + deniedBy.words() + " allows the " + action + " action";
        }
    }

    /** Evaluates every policy type that applies to a principal for one request. */
    public static Result evaluate(Policies policies, Request request) {
        Set<String> missing = new LinkedHashSet<>();
        Predicate<Statement> any = s -> true;
        SetResult identity = evaluateSet(policies.identity(), request, any, missing);
        SetResult boundary = policies.boundary() == null ? null
                : evaluateSet(List.of(policies.boundary()), request, any, missing);
        Decision scp = null;
        if (policies.scpLevels() != null) {
            scp = Decision.ALLOW;
            for (List<Source> level : policies.scpLevels()) {
                Decision d = evaluateSet(level, request, any, missing).decision();
                if (d == Decision.EXPLICIT_DENY) {
                    scp = d;
                } else if (d == Decision.IMPLICIT_DENY && scp == Decision.ALLOW) {
                    scp = d;
                }
            }
        }
        SetResult session = policies.session().isEmpty() ? null
                : evaluateSet(policies.session(), request, any, missing);
        Boolean byBoundary = boundary == null ? null : boundary.decision() == Decision.ALLOW;
        Boolean byOrganizations = scp == null ? null : scp == Decision.ALLOW;
        Set<String> missingKeys = request.closedWorld() ? missing : Set.of();
        List<Match> matched = identity.decision() == Decision.EXPLICIT_DENY ? identity.denies() : identity.allows();

        // Explicit denies first, in any policy type.
        if (scp == Decision.EXPLICIT_DENY) {
            return new Result(Decision.EXPLICIT_DENY, DeniedBy.SERVICE_CONTROL_POLICY, matched, byBoundary,
                    byOrganizations, missingKeys);
        }
        if (boundary != null && boundary.decision() == Decision.EXPLICIT_DENY) {
            return new Result(Decision.EXPLICIT_DENY, DeniedBy.PERMISSIONS_BOUNDARY, matched, byBoundary,
                    byOrganizations, missingKeys);
        }
        if (identity.decision() == Decision.EXPLICIT_DENY) {
            return new Result(Decision.EXPLICIT_DENY, DeniedBy.IDENTITY_BASED_POLICY, matched, byBoundary,
                    byOrganizations, missingKeys);
        }
        if (session != null && session.decision() == Decision.EXPLICIT_DENY) {
            return new Result(Decision.EXPLICIT_DENY, DeniedBy.SESSION_POLICY, matched, byBoundary,
                    byOrganizations, missingKeys);
        }
        // Then each policy type that applies must allow.
        DeniedBy implicit = null;
        if (scp == Decision.IMPLICIT_DENY) {
            implicit = DeniedBy.SERVICE_CONTROL_POLICY;
        } else if (identity.decision() != Decision.ALLOW) {
            implicit = DeniedBy.IDENTITY_BASED_POLICY;
        } else if (boundary != null && boundary.decision() != Decision.ALLOW) {
            implicit = DeniedBy.PERMISSIONS_BOUNDARY;
        } else if (session != null && session.decision() != Decision.ALLOW) {
            implicit = DeniedBy.SESSION_POLICY;
        }
        return new Result(implicit == null ? Decision.ALLOW : Decision.IMPLICIT_DENY, implicit, matched, byBoundary,
                byOrganizations, missingKeys);
    }

    /**
     * One set of policies on its own (identity, trust or resource policies): explicit Deny wins, then any Allow,
     * else implicit deny. Live request with single-valued context.
     *
     * @param context condition keys in lower case
     */
    public static Decision evaluate(Collection<PolicyDocument> policies, String action, String resource,
                                    Map<String, String> context) {
        return evaluate(policies, action, resource, context, s -> true);
    }

    /**
     * Like {@link #evaluate(Collection, String, String, Map)}, considering only statements whose principal matches
     * (trust and resource policies).
     */
    public static Decision evaluate(Collection<PolicyDocument> policies, String action, String resource,
                                    Map<String, String> context, Predicate<Statement> principalMatches) {
        List<Source> sources = policies.stream().map(Source::of).toList();
        return evaluateSet(sources, Request.live(action, resource, context), principalMatches, new LinkedHashSet<>())
                .decision();
    }

    /** One set of policies for a request (closed world or live). */
    public static Decision evaluate(Collection<PolicyDocument> policies, Request request) {
        List<Source> sources = policies.stream().map(Source::of).toList();
        return evaluateSet(sources, request, s -> true, new LinkedHashSet<>()).decision();
    }

    /**
     * The condition operators of a document this evaluator does not implement (they make a statement unevaluable):
     * a test that must judge a policy exactly refuses such a document instead of guessing.
     */
    public static List<String> unsupportedConditionOperators(PolicyDocument document) {
        return document.statements().stream().flatMap(s -> s.conditions().stream()).map(Statement.Condition::operator)
                .filter(op -> !ConditionEvaluator.supports(op)).distinct().toList();
    }

    private record SetResult(Decision decision, List<Match> denies, List<Match> allows) {
    }

    private static SetResult evaluateSet(List<Source> sources, Request request, Predicate<Statement> principalMatches,
                                         Set<String> missing) {
        var denies = new ArrayList<Match>();
        var allows = new ArrayList<Match>();
        for (Source source : sources) {
            for (Statement s : source.document().statements()) {
                if (!s.matchesAction(request.action()) || !s.matchesResource(request.resource())
                        || !principalMatches.test(s)) {
                    continue;
                }
                for (Statement.Condition c : s.conditions()) {
                    if (!request.context().containsKey(c.key().toLowerCase(Locale.ROOT))) {
                        missing.add(c.key());
                    }
                }
                ConditionEvaluator.Result conditions = conditions(s, request.context(), request.closedWorld());
                if (!s.allow()) {
                    if (conditions != ConditionEvaluator.Result.FALSE) {
                        denies.add(new Match(source, s));
                    }
                } else if (conditions == ConditionEvaluator.Result.TRUE) {
                    allows.add(new Match(source, s));
                }
            }
        }
        Decision decision = !denies.isEmpty() ? Decision.EXPLICIT_DENY
                : !allows.isEmpty() ? Decision.ALLOW : Decision.IMPLICIT_DENY;
        return new SetResult(decision, denies, allows);
    }

    /** All conditions of a statement must hold (AND across operators and keys). */
    static ConditionEvaluator.Result conditions(Statement s, Map<String, List<String>> context, boolean closedWorld) {
        ConditionEvaluator.Result result = ConditionEvaluator.Result.TRUE;
        for (Statement.Condition c : s.conditions()) {
            ConditionEvaluator.Result r = ConditionEvaluator.evaluate(c, context, closedWorld);
            if (r == ConditionEvaluator.Result.FALSE) {
                return r;
            }
            if (r == ConditionEvaluator.Result.UNEVALUABLE) {
                result = r;
            }
        }
        return result;
    }
}
