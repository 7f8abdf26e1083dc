package io.orgaccessguard.emulator.sts;

import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.IssuedSession;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.QueryParams;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.http.Validation;
import io.orgaccessguard.emulator.http.Xml;
import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.policy.Statement;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** STS: AssumeRole (with IAM trust evaluation and propagation delay) and GetCallerIdentity. */
public final class StsHandler extends ServiceHandler {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]*");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]*");
    private static final Pattern ARN_SHAPE = Pattern.compile("arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:[\\w+=/,.@-]*:[0-9]*:.+");
    private static final Duration CHAINED_MAX = Duration.ofHours(1);

    public StsHandler(EmulatorState state, Authorizer authorizer) {
        super(Wire.query("sts", "https://sts.amazonaws.com/doc/2011-06-15/"), state, authorizer);
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        return switch (request.action()) {
            case "GetCallerIdentity" -> getCallerIdentity(request.caller());
            case "AssumeRole" -> assumeRole(request);
            default -> throw invalidAction(request);
        };
    }

    /** Needs no permission: AWS answers GetCallerIdentity even under an explicit deny. */
    private ServiceResponse getCallerIdentity(Principal caller) {
        return ServiceResponse.xml(new Xml().element("UserId", caller.userId()).element("Account", caller.accountId())
                .element("Arn", caller.arn()));
    }

    private ServiceResponse assumeRole(AwsRequest request) {
        QueryParams p = request.params();
        Principal caller = request.caller();
        String roleArn = p.required("RoleArn");
        String sessionName = p.required("RoleSessionName");
        Validation.length(roleArn, "roleArn", 20, 2048);
        if (!ARN_SHAPE.matcher(roleArn).matches()) {
            throw new AwsException("ValidationError", 400, roleArn + " is invalid");
        }
        Validation.length(sessionName, "roleSessionName", 2, 64);
        Validation.pattern(sessionName, "roleSessionName", SESSION_NAME);
        Integer requested = Validation.integer(p.getOrNull("DurationSeconds"), "durationSeconds", 900, 43200);
        String externalId = p.getOrNull("ExternalId");
        Validation.length(externalId, "externalId", 2, 1224);
        Validation.pattern(externalId, "externalId", EXTERNAL_ID);
        String sourceIdentity = p.getOrNull("SourceIdentity");
        Validation.length(sourceIdentity, "sourceIdentity", 2, 64);
        Validation.pattern(sourceIdentity, "sourceIdentity", SESSION_NAME);
        Map<String, String> tags = sessionTags(p);
        List<String> transitive = p.list("TransitiveTagKeys.member");
        List<PolicyDocument> sessionPolicies = sessionPolicies(p, accountOf(roleArn));
        request.targetAccount(accountOf(roleArn));

        var actions = new ArrayList<String>();
        actions.add("sts:AssumeRole");
        if (sourceIdentity != null) {
            actions.add("sts:SetSourceIdentity");
        }
        if (!tags.isEmpty() || !transitive.isEmpty()) {
            actions.add("sts:TagSession");
        }
        Optional<Role> role = state.roleByArn(roleArn);
        var context = new LinkedHashMap<>(state.principalContext(caller, request.region()));
        context.put("sts:rolesessionname", sessionName);
        if (externalId != null) {
            context.put("sts:externalid", externalId);
        }
        if (sourceIdentity != null) {
            context.put("sts:sourceidentity", sourceIdentity);
        }
        for (String action : actions) {
            if (role.isEmpty() || !admits(caller, role.get(), action, context)) {
                throw denied(caller, action, roleArn);
            }
        }
        Role target = role.get();
        // IAM is eventually consistent: a new role, or a changed trust policy, is not honoured everywhere at once.
        Instant visibleAt = target.trustUpdatedAt().plus(state.options().propagationDelay());
        if (state.now().isBefore(visibleAt)) {
            throw denied(caller, "sts:AssumeRole", roleArn);
        }
        Duration duration = Duration.ofSeconds(requested == null ? 3600 : requested);
        if (caller.isRoleSession() && duration.compareTo(CHAINED_MAX) > 0) {
            throw new AwsException("ValidationError", 400,
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
        }
        if (duration.getSeconds() > target.maxSessionDuration()) {
            throw new AwsException("ValidationError", 400,
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        String effectiveSourceIdentity = sourceIdentity != null ? sourceIdentity : caller.sourceIdentity();
        IssuedSession session = issue(target, sessionName, duration, effectiveSourceIdentity, sessionPolicies, tags);

        var xml = new Xml();
        if (effectiveSourceIdentity != null) {
            xml.element("SourceIdentity", effectiveSourceIdentity);
        }
        xml.open("AssumedRoleUser").element("AssumedRoleId", session.principal().userId())
                .element("Arn", session.principal().arn()).close("AssumedRoleUser");
        xml.open("Credentials").element("AccessKeyId", session.accessKeyId())
                .element("SecretAccessKey", session.secretAccessKey()).element("SessionToken", session.sessionToken())
                .element("Expiration", session.expiration().truncatedTo(ChronoUnit.SECONDS).toString())
                .close("Credentials");
        if (!sessionPolicies.isEmpty() || !tags.isEmpty()) {
            xml.element("PackedPolicySize", Math.min(100, 6 + tags.size() * 2 + sessionPolicies.size() * 4));
        }
        return ServiceResponse.xml(xml);
    }

    /** Issues a role session without any trust check (also used for test credentials of a "Lambda role"). */
    public IssuedSession issue(Role role, String sessionName, Duration duration, String sourceIdentity,
                               List<PolicyDocument> sessionPolicies, Map<String, String> tags) {
        String partition = state.partition();
        var principal = new Principal(Principal.Type.ASSUMED_ROLE, partition, role.accountId(),
                "arn:" + partition + ":sts::" + role.accountId() + ":assumed-role/" + role.name() + "/" + sessionName,
                role.roleId() + ":" + sessionName, role.name(), role.arn(), role.roleId(), sessionName, sourceIdentity,
                sessionPolicies, tags);
        return state.credentials().issue(principal, state.now(), duration);
    }

    /**
     * Both sides must agree: the role's trust policy must admit the caller for the action, and (unless the trust
     * policy names the caller's own principal ARN in the same account) the caller's identity policies must allow it.
     */
    private boolean admits(Principal caller, Role role, String action, Map<String, String> context) {
        List<PolicyDocument> trust = List.of(role.trust());
        Decision byTrust = PolicyEvaluator.evaluate(trust, action, role.arn(), context,
                s -> principalMatches(s, caller, role, true));
        if (byTrust != Decision.ALLOW) {
            return false;
        }
        Authorizer.Verdict identity = authorizer.decide(caller, action, role.arn(), null);
        if (identity.decision() == Decision.EXPLICIT_DENY) {
            return false;
        }
        if (identity.allowed()) {
            return true;
        }
        boolean sameAccount = caller.accountId().equals(role.accountId());
        return sameAccount && PolicyEvaluator.evaluate(trust, action, role.arn(), context,
                s -> principalMatches(s, caller, role, false)) == Decision.ALLOW;
    }

    /**
     * Whether a trust statement's {@code Principal} names the caller. With {@code includeAccountWide} false only
     * principal-specific entries count (a role, session or user ARN), which is what exempts a same-account caller
     * from needing an identity policy.
     */
    private boolean principalMatches(Statement s, Principal caller, Role role, boolean includeAccountWide) {
        Statement.Principals principals = s.principals();
        if (principals == null) {
            return false;
        }
        String partition = state.partition();
        for (String value : principals.aws()) {
            boolean accountWide = "*".equals(value) || value.equals(caller.accountId())
                    || value.equals("arn:" + partition + ":iam::" + caller.accountId() + ":root");
            if (accountWide) {
                if (includeAccountWide) {
                    return true;
                }
                continue;
            }
            if (value.equals(caller.arn())) {
                return true;
            }
            if (caller.isRoleSession() && value.equals(caller.roleArn())) {
                String boundId = role.trustRoleIds().get(value);
                if (boundId != null ? boundId.equals(caller.roleId()) : !state.knowsAccount(caller.accountId())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static AwsException denied(Principal caller, String action, String roleArn) {
        return new AwsException("AccessDenied", 403, "User: " + caller.arn() + " is not authorized to perform: "
                + action + " on resource: " + roleArn);
    }

    private static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length > 4 ? parts[4] : null;
    }

    private static Map<String, String> sessionTags(QueryParams p) {
        var tags = new LinkedHashMap<String, String>();
        List<Integer> indices = p.indices("Tags.member");
        if (indices.size() > 50) {
            throw Validation.error("[...]", "tags", "have length less than or equal to 50");
        }
        for (int i : indices) {
            String key = p.getOrNull("Tags.member." + i + ".Key");
            String value = p.get("Tags.member." + i + ".Value").orElse("");
            if (key == null) {
                throw Validation.error("null", "tags." + i + ".member.key", "not be null");
            }
            Validation.length(key, "tags." + i + ".member.key", 1, 128);
            Validation.length(value, "tags." + i + ".member.value", 0, 256);
            tags.put(key, value);
        }
        return tags;
    }

    /**
     * Session policies. Managed ones "must exist in the same account as the role"
     * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, PolicyArns).
     */
    private List<PolicyDocument> sessionPolicies(QueryParams p, String roleAccountId) {
        var docs = new ArrayList<PolicyDocument>();
        String inline = p.getOrNull("Policy");
        if (inline != null) {
            Validation.length(inline, "policy", 1, 2048);
            docs.add(PolicyParser.parse(inline, PolicyParser.Kind.IDENTITY, v -> null));
        }
        List<Integer> arns = p.indices("PolicyArns.member");
        if (arns.size() > 10) {
            throw Validation.error("[...]", "policyArns", "have length less than or equal to 10");
        }
        for (int i : arns) {
            String arn = p.getOrNull("PolicyArns.member." + i + ".arn");
            if (arn == null) {
                continue;
            }
            docs.add(state.policy(roleAccountId, arn).orElseThrow(() -> new AwsException("InvalidParameterValue", 400,
                    "Policy " + arn + " does not exist or is not attachable.")).document());
        }
        return docs;
    }
}
