package io.orgaccessguard.emulator.iam;

import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.auth.SigV4;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.QueryParams;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.http.Validation;
import io.orgaccessguard.emulator.http.Xml;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.IamAccount;
import io.orgaccessguard.emulator.state.ManagedPolicy;
import io.orgaccessguard.emulator.state.Role;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * IAM (a global service): roles, their trust, managed and inline policies, tags. Every call acts in the caller's own
 * account, after the caller's identity policies allow it. Errors use IAM's codes, statuses and wording.
 */
public final class IamHandler extends ServiceHandler {

    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(/)|(/[\\x21-\\x7E]+/)");
    private static final Pattern DESCRIPTION = Pattern.compile("[\\t\\n\\r\\x20-\\x7E\\xA1-\\xFF]*");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern POLICY_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(aws|\\d{12}):policy/([\\x21-\\x7E]+/)?[\\w+=,.@-]{1,128}");
    private static final int MAX_TAGS = 50;
    private static final int MAX_TRUST_POLICY_CHARS = 2048;
    private static final int MAX_INLINE_CHARS = 10240;

    public IamHandler(EmulatorState state, Authorizer authorizer) {
        super(Wire.query("iam", "https://iam.amazonaws.com/doc/2010-05-08/"), state, authorizer);
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        var call = new Call(request, state.iam(request.caller().accountId()));
        return switch (request.action()) {
            case "CreateRole" -> createRole(call);
            case "GetRole" -> getRole(call);
            case "DeleteRole" -> deleteRole(call);
            case "ListRoles" -> listRoles(call);
            case "UpdateAssumeRolePolicy" -> updateAssumeRolePolicy(call);
            case "AttachRolePolicy" -> attachRolePolicy(call);
            case "DetachRolePolicy" -> detachRolePolicy(call);
            case "ListAttachedRolePolicies" -> listAttachedRolePolicies(call);
            case "PutRolePolicy" -> putRolePolicy(call);
            case "GetRolePolicy" -> getRolePolicy(call);
            case "DeleteRolePolicy" -> deleteRolePolicy(call);
            case "ListRolePolicies" -> listRolePolicies(call);
            case "TagRole" -> tagRole(call);
            case "UntagRole" -> untagRole(call);
            case "ListRoleTags" -> listRoleTags(call);
            case "GetPolicy" -> getPolicy(call);
            case "PutRolePermissionsBoundary" -> putRolePermissionsBoundary(call);
            case "DeleteRolePermissionsBoundary" -> deleteRolePermissionsBoundary(call);
            case "SimulatePrincipalPolicy" -> simulatePrincipalPolicy(call);
            default -> throw new AwsException("InvalidAction", 400,
                    "Could not find operation " + request.action() + " for version 2010-05-08");
        };
    }

    /** One request with its account and authorization helper. */
    private final class Call {
        final AwsRequest request;
        final QueryParams p;
        final IamAccount iam;
        final Principal caller;

        Call(AwsRequest request, IamAccount iam) {
            this.request = request;
            this.p = request.params();
            this.iam = iam;
            this.caller = request.caller();
        }

        String account() {
            return iam.accountId();
        }

        void authorize(String resource) {
            String action = "iam:" + request.action();
            Authorizer.Verdict verdict = authorizer.decide(caller, action, resource, request.region());
            if (!verdict.allowed()) {
                throw new AwsException("AccessDenied", 403,
                        Authorizer.deniedMessage(caller, action, resource, verdict));
            }
        }

        /** Authorizes against the role's ARN (its real path when it exists), then returns the role or 404. */
        Role authorizedRole() {
            String name = roleName();
            Role role = iam.role(name).orElse(null);
            authorize(role != null ? role.arn() : state.roleArn(account(), "/", name));
            if (role == null) {
                throw noSuchRole(name);
            }
            return role;
        }

        String roleName() {
            String name = p.required("RoleName");
            Validation.length(name, "roleName", 1, 64);
            Validation.pattern(name, "roleName", ROLE_NAME);
            return name;
        }

        /** Replaces the role atomically, failing with 404 if it was deleted meanwhile. */
        Role update(Role role, java.util.function.UnaryOperator<Role> change) {
            var result = new AtomicReference<Role>();
            iam.roles().computeIfPresent(IamAccount.key(role.name()), (k, current) -> {
                Role next = change.apply(current);
                result.set(next);
                return next;
            });
            if (result.get() == null) {
                throw noSuchRole(role.name());
            }
            return result.get();
        }
    }

    // ---------------------------------------------------------------- roles

    private ServiceResponse createRole(Call c) {
        String name = c.roleName();
        String path = c.p.get("Path").orElse("/");
        Validation.length(path, "path", 1, 512);
        Validation.pattern(path, "path", PATH);
        String description = c.p.getOrNull("Description");
        Validation.length(description, "description", 0, 1000);
        Validation.pattern(description, "description", DESCRIPTION);
        Integer maxSession = Validation.integer(c.p.getOrNull("MaxSessionDuration"), "maxSessionDuration", 3600, 43200);
        String trustJson = c.p.required("AssumeRolePolicyDocument");
        Validation.length(trustJson, "assumeRolePolicyDocument", 1, 131072);
        Map<String, String> tags = tags(c.p, "Tags.member");
        String boundaryArn = c.p.getOrNull("PermissionsBoundary");
        Validation.length(boundaryArn, "permissionsBoundary", 20, 2048);
        String arn = state.roleArn(c.account(), path, name);
        c.authorize(arn);
        if (tags.size() > MAX_TAGS) {
            throw tagLimit();
        }
        PolicyDocument trust = parseTrust(trustJson);
        if (boundaryArn != null) {
            boundaryPolicy(c, boundaryArn);
        }
        Instant now = state.now();
        Role role = new Role(c.account(), name, path, arn, state.uniqueId("AROA", "role|" + arn), trust,
                state.resolveTrustRoleIds(trust), description, maxSession == null ? 3600 : maxSession, now, now,
                List.of(), Map.of(), tags, boundaryArn);
        if (c.iam.roles().putIfAbsent(IamAccount.key(name), role) != null) {
            throw new AwsException("EntityAlreadyExists", 409, "Role with name " + name + " already exists.");
        }
        return ServiceResponse.xml(new Xml().raw(roleXml(role, true)));
    }

    private ServiceResponse getRole(Call c) {
        Role role = c.authorizedRole();
        return ServiceResponse.xml(new Xml().raw(roleXml(role, true)));
    }

    private ServiceResponse deleteRole(Call c) {
        Role role = c.authorizedRole();
        var conflict = new AtomicReference<String>();
        c.iam.roles().computeIfPresent(IamAccount.key(role.name()), (k, current) -> {
            if (!current.attachedPolicyArns().isEmpty()) {
                conflict.set("Cannot delete entity, must detach all policies first.");
                return current;
            }
            if (!current.inlinePolicies().isEmpty()) {
                conflict.set("Cannot delete entity, must delete policies first.");
                return current;
            }
            return null;
        });
        if (conflict.get() != null) {
            throw new AwsException("DeleteConflict", 409, conflict.get());
        }
        return ServiceResponse.empty();
    }

    private ServiceResponse listRoles(Call c) {
        c.authorize("arn:" + state.partition() + ":iam::" + c.account() + ":role/");
        String prefix = c.p.get("PathPrefix").orElse("/");
        int maxItems = maxItems(c.p);
        String after = decodeMarker(c.p.getOrNull("Marker"), "roles");
        var page = new ArrayList<Role>();
        boolean truncated = false;
        var view = after == null ? c.iam.roles() : c.iam.roles().tailMap(after, false);
        String last = null;
        for (Map.Entry<String, Role> e : view.entrySet()) {
            if (!e.getValue().path().startsWith(prefix)) {
                continue;
            }
            if (page.size() == maxItems) {
                truncated = true;
                break;
            }
            page.add(e.getValue());
            last = e.getKey();
        }
        var xml = new Xml().open("Roles");
        for (Role r : page) {
            xml.open("member").raw(roleFields(r, false)).close("member");
        }
        xml.close("Roles").element("IsTruncated", truncated);
        if (truncated) {
            xml.element("Marker", encodeMarker("roles", last));
        }
        return ServiceResponse.xml(xml);
    }

    private ServiceResponse updateAssumeRolePolicy(Call c) {
        Role role = c.authorizedRole();
        String json = c.p.required("PolicyDocument");
        Validation.length(json, "policyDocument", 1, 131072);
        PolicyDocument trust = parseTrust(json);
        Map<String, String> ids = state.resolveTrustRoleIds(trust);
        Instant now = state.now();
        c.update(role, r -> r.withTrust(trust, ids, now));
        return ServiceResponse.empty();
    }

    // ---------------------------------------------------------------- managed policies

    private ServiceResponse attachRolePolicy(Call c) {
        String arn = c.p.required("PolicyArn");
        Validation.length(arn, "policyArn", 20, 2048);
        Role role = c.authorizedRole();
        ManagedPolicy policy = attachablePolicy(c, arn);
        int quota = state.options().maxManagedPoliciesPerRole();
        c.update(role, r -> {
            if (r.attachedPolicyArns().contains(policy.arn())) {
                return r;
            }
            if (r.attachedPolicyArns().size() >= quota) {
                throw new AwsException("LimitExceeded", 409, "Cannot exceed quota for PoliciesPerRole: " + quota);
            }
            return r.withAttachedAdded(policy.arn());
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse detachRolePolicy(Call c) {
        String arn = c.p.required("PolicyArn");
        Validation.length(arn, "policyArn", 20, 2048);
        Role role = c.authorizedRole();
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsException("InvalidInput", 400, "ARN " + arn + " is not valid.");
        }
        c.update(role, r -> {
            if (!r.attachedPolicyArns().contains(arn)) {
                throw new AwsException("NoSuchEntity", 404, "Policy " + arn + " was not found.");
            }
            var remaining = new ArrayList<>(r.attachedPolicyArns());
            remaining.remove(arn);
            return r.withAttached(remaining);
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse listAttachedRolePolicies(Call c) {
        Role role = c.authorizedRole();
        String prefix = c.p.get("PathPrefix").orElse("/");
        int maxItems = maxItems(c.p);
        String marker = decodeMarker(c.p.getOrNull("Marker"), "attached:" + role.roleId());
        int start = marker == null ? 0 : parseIndex(marker);
        var matching = new ArrayList<ManagedPolicy>();
        for (String arn : role.attachedPolicyArns()) {
            state.policy(role.accountId(), arn).filter(p -> p.path().startsWith(prefix)).ifPresent(matching::add);
        }
        int end = Math.min(matching.size(), start + maxItems);
        var xml = new Xml().open("AttachedPolicies");
        for (ManagedPolicy policy : matching.subList(Math.min(start, matching.size()), end)) {
            xml.open("member").element("PolicyName", policy.name()).element("PolicyArn", policy.arn()).close("member");
        }
        boolean truncated = end < matching.size();
        xml.close("AttachedPolicies").element("IsTruncated", truncated);
        if (truncated) {
            xml.element("Marker", encodeMarker("attached:" + role.roleId(), Integer.toString(end)));
        }
        return ServiceResponse.xml(xml);
    }

    private ServiceResponse getPolicy(Call c) {
        String arn = c.p.required("PolicyArn");
        Validation.length(arn, "policyArn", 20, 2048);
        c.authorize(arn);
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsException("InvalidInput", 400, "ARN " + arn + " is not valid.");
        }
        ManagedPolicy policy = state.policy(c.account(), arn)
                .orElseThrow(() -> new AwsException("NoSuchEntity", 404, "Policy " + arn + " was not found."));
        long attachments = c.iam.roles().values().stream().filter(r -> r.attachedPolicyArns().contains(arn)).count();
        long boundaries = c.iam.roles().values().stream().filter(r -> arn.equals(r.permissionsBoundaryArn())).count();
        var xml = new Xml().open("Policy").element("PolicyName", policy.name()).element("PolicyId", policy.policyId())
                .element("Arn", policy.arn()).element("Path", policy.path()).element("DefaultVersionId", "v1")
                .element("AttachmentCount", attachments).element("PermissionsBoundaryUsageCount", boundaries)
                .element("IsAttachable", true).element("Description", policy.description())
                .element("CreateDate", iso(policy.createdAt())).element("UpdateDate", iso(policy.createdAt()))
                .close("Policy");
        return ServiceResponse.xml(xml);
    }

    /**
     * IAM's order: a malformed ARN is InvalidInput; a well-formed one naming nothing attachable in the caller's
     * account (another account's customer managed policy included) is NoSuchEntity
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html).
     */
    private ManagedPolicy attachablePolicy(Call c, String arn) {
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsException("InvalidInput", 400, "ARN " + arn + " is not valid.");
        }
        return state.policy(c.account(), arn).orElseThrow(() -> new AwsException("NoSuchEntity", 404,
                "Policy " + arn + " does not exist or is not attachable."));
    }

    /**
     * A permissions boundary must be a managed policy the account can use: an AWS managed one or its own
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html); IAM calls it the
     * "Scope ARN" in its error.
     */
    private ManagedPolicy boundaryPolicy(Call c, String arn) {
        if (!POLICY_ARN.matcher(arn).matches()) {
            throw new AwsException("InvalidInput", 400, "ARN " + arn + " is not valid.");
        }
        return state.policy(c.account(), arn).orElseThrow(() -> new AwsException("NoSuchEntity", 404,
                "Scope ARN: " + arn + " does not exist or is not attachable."));
    }

    // ---------------------------------------------------------------- permissions boundaries

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html */
    private ServiceResponse putRolePermissionsBoundary(Call c) {
        String arn = c.p.required("PermissionsBoundary");
        Validation.length(arn, "permissionsBoundary", 20, 2048);
        Role role = c.authorizedRole();
        ManagedPolicy policy = boundaryPolicy(c, arn);
        c.update(role, r -> r.withPermissionsBoundary(policy.arn()));
        return ServiceResponse.empty();
    }

    /**
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html: a role without a
     * boundary answers NoSuchEntity.
     */
    private ServiceResponse deleteRolePermissionsBoundary(Call c) {
        Role role = c.authorizedRole();
        c.update(role, r -> {
            if (r.permissionsBoundaryArn() == null) {
                throw new AwsException("NoSuchEntity", 404, "The role with name " + r.name()
                        + " does not have a permissions boundary.");
            }
            return r.withPermissionsBoundary(null);
        });
        return ServiceResponse.empty();
    }

    // ---------------------------------------------------------------- simulation

    private ServiceResponse simulatePrincipalPolicy(Call c) {
        String source = c.p.required("PolicySourceArn");
        Validation.length(source, "policySourceArn", 20, 2048);
        java.util.regex.Matcher m = EmulatorState.ROLE_ARN.matcher(source);
        c.authorize(source);
        Role role = m.matches() && m.group(2).equals(c.account())
                ? state.roleByArn(source).orElse(null) : null;
        if (role == null) {
            throw new AwsException("NoSuchEntity", 404, "The role with name "
                    + (m.matches() ? m.group(4) : source) + " cannot be found.");
        }
        return ServiceResponse.xml(PolicySimulation.simulate(c.p, state, role));
    }

    // ---------------------------------------------------------------- inline policies

    private ServiceResponse putRolePolicy(Call c) {
        String policyName = policyName(c.p);
        String json = c.p.required("PolicyDocument");
        Validation.length(json, "policyDocument", 1, 131072);
        Role role = c.authorizedRole();
        PolicyDocument doc = PolicyParser.parse(json, PolicyParser.Kind.IDENTITY, v -> null);
        c.update(role, r -> {
            int total = PolicyParser.countedLength(json);
            for (Map.Entry<String, PolicyDocument> e : r.inlinePolicies().entrySet()) {
                if (!e.getKey().equals(policyName)) {
                    total += PolicyParser.countedLength(e.getValue().json());
                }
            }
            if (total > MAX_INLINE_CHARS) {
                throw new AwsException("LimitExceeded", 409,
                        "Maximum policy size of " + MAX_INLINE_CHARS + " bytes exceeded for role " + r.name());
            }
            return r.withInline(policyName, doc);
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse getRolePolicy(Call c) {
        String policyName = policyName(c.p);
        Role role = c.authorizedRole();
        PolicyDocument doc = role.inlinePolicies().get(policyName);
        if (doc == null) {
            throw noSuchRolePolicy(policyName);
        }
        return ServiceResponse.xml(new Xml().element("RoleName", role.name()).element("PolicyName", policyName)
                .element("PolicyDocument", SigV4.encode(doc.json())));
    }

    private ServiceResponse deleteRolePolicy(Call c) {
        String policyName = policyName(c.p);
        Role role = c.authorizedRole();
        c.update(role, r -> {
            if (!r.inlinePolicies().containsKey(policyName)) {
                throw noSuchRolePolicy(policyName);
            }
            return r.withInline(policyName, null);
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse listRolePolicies(Call c) {
        Role role = c.authorizedRole();
        int maxItems = maxItems(c.p);
        String marker = decodeMarker(c.p.getOrNull("Marker"), "inline:" + role.roleId());
        int start = marker == null ? 0 : parseIndex(marker);
        List<String> names = new ArrayList<>(role.inlinePolicies().keySet());
        int end = Math.min(names.size(), start + maxItems);
        var xml = new Xml().open("PolicyNames");
        names.subList(Math.min(start, names.size()), end).forEach(n -> xml.element("member", n));
        boolean truncated = end < names.size();
        xml.close("PolicyNames").element("IsTruncated", truncated);
        if (truncated) {
            xml.element("Marker", encodeMarker("inline:" + role.roleId(), Integer.toString(end)));
        }
        return ServiceResponse.xml(xml);
    }

    // ---------------------------------------------------------------- tags

    private ServiceResponse tagRole(Call c) {
        Map<String, String> tags = tags(c.p, "Tags.member");
        Role role = c.authorizedRole();
        c.update(role, r -> {
            var merged = new LinkedHashMap<>(r.tags());
            // IAM tag keys are case-insensitive: a key differing only in case replaces the old one.
            tags.forEach((k, v) -> {
                merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                merged.put(k, v);
            });
            if (merged.size() > MAX_TAGS) {
                throw tagLimit();
            }
            return r.withTags(merged);
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse untagRole(Call c) {
        List<String> keys = c.p.list("TagKeys.member");
        if (keys.size() > MAX_TAGS) {
            throw Validation.error(keys.toString(), "tagKeys", "have length less than or equal to 50");
        }
        for (String key : keys) {
            Validation.length(key, "tagKeys.member", 1, 128);
        }
        Role role = c.authorizedRole();
        c.update(role, r -> {
            var remaining = new LinkedHashMap<>(r.tags());
            remaining.keySet().removeIf(k -> keys.stream().anyMatch(k::equalsIgnoreCase));
            return r.withTags(remaining);
        });
        return ServiceResponse.empty();
    }

    private ServiceResponse listRoleTags(Call c) {
        Role role = c.authorizedRole();
        int maxItems = maxItems(c.p);
        String marker = decodeMarker(c.p.getOrNull("Marker"), "tags:" + role.roleId());
        int start = marker == null ? 0 : parseIndex(marker);
        var entries = new ArrayList<>(role.tags().entrySet());
        int end = Math.min(entries.size(), start + maxItems);
        var xml = new Xml().open("Tags");
        for (Map.Entry<String, String> e : entries.subList(Math.min(start, entries.size()), end)) {
            xml.open("member").element("Key", e.getKey()).element("Value", e.getValue()).close("member");
        }
        boolean truncated = end < entries.size();
        xml.close("Tags").element("IsTruncated", truncated);
        if (truncated) {
            xml.element("Marker", encodeMarker("tags:" + role.roleId(), Integer.toString(end)));
        }
        return ServiceResponse.xml(xml);
    }

    // ---------------------------------------------------------------- helpers

    private PolicyDocument parseTrust(String json) {
        PolicyDocument trust = PolicyParser.parse(json, PolicyParser.Kind.TRUST, state::trustPrincipalProblem);
        if (PolicyParser.countedLength(json) > MAX_TRUST_POLICY_CHARS) {
            throw new AwsException("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: "
                    + MAX_TRUST_POLICY_CHARS);
        }
        return trust;
    }

    private Xml roleXml(Role role, boolean withTags) {
        return new Xml().open("Role").raw(roleFields(role, withTags)).close("Role");
    }

    /** The Role shape; the trust document is URL-encoded (RFC 3986), exactly as IAM returns it. */
    private Xml roleFields(Role role, boolean withTags) {
        var xml = new Xml().element("Path", role.path()).element("RoleName", role.name())
                .element("RoleId", role.roleId()).element("Arn", role.arn()).element("CreateDate", iso(role.createdAt()))
                .element("AssumeRolePolicyDocument", SigV4.encode(role.renderedTrust(state::currentRoleId)))
                .element("Description", role.description()).element("MaxSessionDuration", role.maxSessionDuration());
        // GetRole and CreateRole return the boundary; ListRoles does not
        // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html,
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPermissionsBoundary.html).
        if (withTags && role.permissionsBoundaryArn() != null) {
            xml.open("PermissionsBoundary").element("PermissionsBoundaryType", "PermissionsBoundaryPolicy")
                    .element("PermissionsBoundaryArn", role.permissionsBoundaryArn()).close("PermissionsBoundary");
        }
        if (withTags && !role.tags().isEmpty()) {
            xml.open("Tags");
            role.tags().forEach((k, v) -> xml.open("member").element("Key", k).element("Value", v).close("member"));
            xml.close("Tags");
        }
        if (withTags) {
            xml.open("RoleLastUsed").close("RoleLastUsed");
        }
        return xml;
    }

    private static Map<String, String> tags(QueryParams p, String prefix) {
        var tags = new LinkedHashMap<String, String>();
        for (int i : p.indices(prefix)) {
            String key = p.getOrNull(prefix + "." + i + ".Key");
            String value = p.getOrNull(prefix + "." + i + ".Value");
            String member = "tags." + i + ".member";
            if (key == null) {
                throw Validation.error("null", member + ".key", "not be null");
            }
            if (value == null) {
                throw Validation.error("null", member + ".value", "not be null");
            }
            Validation.length(key, member + ".key", 1, 128);
            Validation.pattern(key, member + ".key", TAG_KEY);
            Validation.length(value, member + ".value", 0, 256);
            Validation.pattern(value, member + ".value", TAG_VALUE);
            if (tags.keySet().stream().anyMatch(key::equalsIgnoreCase)) {
                throw new AwsException("InvalidInput", 400,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
            tags.put(key, value);
        }
        return tags;
    }

    private static String policyName(QueryParams p) {
        String name = p.required("PolicyName");
        Validation.length(name, "policyName", 1, 128);
        Validation.pattern(name, "policyName", POLICY_NAME);
        return name;
    }

    static int maxItems(QueryParams p) {
        Integer value = Validation.integer(p.getOrNull("MaxItems"), "maxItems", 1, 1000);
        return value == null ? 100 : value;
    }

    /** Markers are opaque: the scope they were issued for plus a position, base64url-encoded. */
    static String encodeMarker(String scope, String position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scope + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    static String decodeMarker(String marker, String scope) {
        if (marker == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            int nl = decoded.indexOf('\n');
            if (nl > 0 && decoded.substring(0, nl).equals(scope)) {
                return decoded.substring(nl + 1);
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the error below
        }
        throw new AwsException("ValidationError", 400, "Invalid Marker: " + marker);
    }

    static int parseIndex(String position) {
        try {
            return Integer.parseInt(position);
        } catch (NumberFormatException e) {
            throw new AwsException("ValidationError", 400, "Invalid Marker");
        }
    }

    private static AwsException noSuchRole(String name) {
        return new AwsException("NoSuchEntity", 404, "The role with name " + name + " cannot be found.");
    }

    private static AwsException noSuchRolePolicy(String name) {
        return new AwsException("NoSuchEntity", 404, "The role policy with name " + name + " cannot be found.");
    }

    private static AwsException tagLimit() {
        return new AwsException("LimitExceeded", 409, "Cannot exceed quota for TagsPerRole: " + MAX_TAGS);
    }

    static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
