package io.orgaccessguard.emulator.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.Protocol;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.Handshake;
import io.orgaccessguard.emulator.state.OrgAccount;
import io.orgaccessguard.emulator.state.OrgUnit;
import io.orgaccessguard.emulator.state.OrganizationState;
import io.orgaccessguard.emulator.state.ServiceControlPolicies;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Organizations (JSON 1.1): the read side of the organization tree plus tagging. Only the management account may call
 * these operations, except DescribeOrganization, which AWS lets every member call. Errors are all HTTP 400 with a
 * {@code Reason} for InvalidInputException, as the service model and the API reference document.
 */
public final class OrganizationsHandler extends ServiceHandler {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
    private static final Pattern PARENT_ID =
            Pattern.compile("^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$");
    private static final Pattern CHILD_ID = Pattern.compile("^(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$");
    private static final Pattern OU_ID = Pattern.compile("^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$");
    private static final Pattern HANDSHAKE_ID = Pattern.compile("^h-[0-9a-z]{8,32}$");
    private static final Pattern TAG_TARGET = Pattern.compile(
            "^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})|(p-[0-9a-zA-Z_]{8,128})$");
    private static final Set<String> MEMBER_CALLABLE = Set.of("DescribeOrganization");
    private static final Pattern POLICY_ID = Pattern.compile("^p-[0-9a-zA-Z_]{8,128}$");
    private static final Pattern POLICY_TARGET =
            Pattern.compile("^(r-[0-9a-z]{4,32})|(\\d{12})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$");
    private static final Set<String> POLICY_TYPES = Set.of("SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY",
            "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY", "CHATBOT_POLICY", "DECLARATIVE_POLICY_EC2",
            "SECURITYHUB_POLICY");
    private static final int MAX_TAGS = 50;

    private final PageTokens tokens;

    public OrganizationsHandler(EmulatorState state, Authorizer authorizer) {
        super(Wire.json("organizations", Protocol.JSON_1_1, "AWSOrganizationsV20161128."), state, authorizer);
        this.tokens = new PageTokens(state.options().seed());
    }

    @Override
    public Map<String, String> errorHeaders(AwsException e) {
        return Map.of("x-amzn-ErrorType",
                e.code() + ":http://internal.amazon.com/coral/com.amazonaws.awsorganizations.v20161128/");
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        OrganizationState org = state.organization();
        JsonNode in = request.json();
        ObjectNode out = switch (request.action()) {
            case "DescribeOrganization" -> {
                authorize(request, "*");
                yield describeOrganization(org);
            }
            case "DescribeAccount" -> describeAccount(request, org, in);
            case "ListAccounts" -> {
                authorize(request, "*");
                yield page(request, "ListAccounts", "", org.accounts(), "Accounts", this::account);
            }
            case "ListAccountsForParent" -> {
                String parent = parentId(in);
                authorize(request, org.unit(parent).map(OrgUnit::arn).orElse("*"));
                requireParent(org, parent);
                yield page(request, "ListAccountsForParent", parent, org.accountsUnder(parent), "Accounts",
                        this::account);
            }
            case "ListRoots" -> {
                authorize(request, "*");
                yield page(request, "ListRoots", "", org.roots(), "Roots", this::root);
            }
            case "ListOrganizationalUnitsForParent" -> {
                String parent = parentId(in);
                authorize(request, org.unit(parent).map(OrgUnit::arn).orElse("*"));
                requireParent(org, parent);
                yield page(request, "ListOrganizationalUnitsForParent", parent, org.unitsUnder(parent),
                        "OrganizationalUnits", this::unit);
            }
            case "ListChildren" -> listChildren(request, org, in);
            case "ListParents" -> listParents(request, org, in);
            case "DescribeOrganizationalUnit" -> describeOrganizationalUnit(request, org, in);
            case "DescribeHandshake" -> describeHandshake(request, org, in);
            case "ListHandshakesForOrganization" -> listHandshakes(request, org, in);
            case "TagResource" -> tagResource(request, org, in);
            case "UntagResource" -> untagResource(request, org, in);
            case "ListTagsForResource" -> listTags(request, org, in);
            case "CreatePolicy" -> createPolicy(request, org, in);
            case "DescribePolicy" -> describePolicy(request, in);
            case "AttachPolicy" -> attachPolicy(request, org, in, true);
            case "DetachPolicy" -> attachPolicy(request, org, in, false);
            case "ListPolicies" -> listPolicies(request, in);
            case "ListPoliciesForTarget" -> listPoliciesForTarget(request, org, in);
            case "ListTargetsForPolicy" -> listTargetsForPolicy(request, org, in);
            case "EnablePolicyType" -> enablePolicyType(request, org, in);
            default -> throw new AwsException("UnknownOperationException", 400, null);
        };
        return ServiceResponse.json(out);
    }

    // ---------------------------------------------------------------- operations

    private ObjectNode describeOrganization(OrganizationState org) {
        ObjectNode out = MAPPER.createObjectNode();
        OrgAccount management = org.managementAccount();
        ObjectNode o = out.putObject("Organization").put("Id", org.id()).put("Arn", org.arn())
                .put("FeatureSet", org.featureSet()).put("MasterAccountArn", management.arn())
                .put("MasterAccountId", management.id()).put("MasterAccountEmail", management.email());
        o.putArray("AvailablePolicyTypes").addObject().put("Type", "SERVICE_CONTROL_POLICY").put("Status", "ENABLED");
        return out;
    }

    private ObjectNode describeAccount(AwsRequest request, OrganizationState org, JsonNode in) {
        String accountId = required(in, "AccountId");
        pattern(accountId, ACCOUNT_ID);
        request.targetAccount(accountId);
        OrgAccount account = org.account(accountId).orElse(null);
        authorize(request, account != null ? account.arn() : "*");
        if (account == null) {
            throw new AwsException("AccountNotFoundException", 400,
                    "You specified an account that doesn't exist.");
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("Account", account(account));
        return out;
    }

    private ObjectNode listChildren(AwsRequest request, OrganizationState org, JsonNode in) {
        String parent = parentId(in);
        String childType = required(in, "ChildType");
        authorize(request, org.unit(parent).map(OrgUnit::arn).orElse("*"));
        requireParent(org, parent);
        List<ObjectNode> children = new ArrayList<>();
        switch (childType) {
            case "ACCOUNT" -> org.accountsUnder(parent).forEach(a ->
                    children.add(MAPPER.createObjectNode().put("Id", a.id()).put("Type", "ACCOUNT")));
            case "ORGANIZATIONAL_UNIT" -> org.unitsUnder(parent).forEach(u ->
                    children.add(MAPPER.createObjectNode().put("Id", u.id()).put("Type", "ORGANIZATIONAL_UNIT")));
            default -> throw invalidInput("INVALID_ENUM", "You specified an invalid value.");
        }
        return page(request, "ListChildren", parent + "/" + childType, children, "Children", Function.identity());
    }

    private ObjectNode listParents(AwsRequest request, OrganizationState org, JsonNode in) {
        String childId = required(in, "ChildId");
        pattern(childId, CHILD_ID);
        authorize(request, "*");
        String parent = org.account(childId).map(OrgAccount::parentId)
                .or(() -> org.unit(childId).filter(u -> !u.isRoot()).map(OrgUnit::parentId))
                .orElseThrow(() -> new AwsException("ChildNotFoundException", 400,
                        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."));
        OrgUnit unit = org.unit(parent).orElseThrow();
        ObjectNode node = MAPPER.createObjectNode().put("Id", unit.id())
                .put("Type", unit.isRoot() ? "ROOT" : "ORGANIZATIONAL_UNIT");
        return page(request, "ListParents", childId, List.of(node), "Parents", Function.identity());
    }

    private ObjectNode describeOrganizationalUnit(AwsRequest request, OrganizationState org, JsonNode in) {
        String id = required(in, "OrganizationalUnitId");
        pattern(id, OU_ID);
        OrgUnit unit = org.unit(id).filter(u -> !u.isRoot()).orElse(null);
        authorize(request, unit != null ? unit.arn() : "*");
        if (unit == null) {
            throw new AwsException("OrganizationalUnitNotFoundException", 400,
                    "We can't find an OU with the OrganizationalUnitId that you specified.");
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("OrganizationalUnit", unit(unit));
        return out;
    }

    private ObjectNode describeHandshake(AwsRequest request, OrganizationState org, JsonNode in) {
        String id = required(in, "HandshakeId");
        pattern(id, HANDSHAKE_ID);
        Handshake handshake = org.handshake(id).orElse(null);
        authorize(request, handshake != null ? handshake.arn() : "*");
        if (handshake == null) {
            throw new AwsException("HandshakeNotFoundException", 400,
                    "We can't find a handshake with the HandshakeId that you specified.");
        }
        ObjectNode out = MAPPER.createObjectNode();
        out.set("Handshake", handshake(handshake, org));
        return out;
    }

    private ObjectNode listHandshakes(AwsRequest request, OrganizationState org, JsonNode in) {
        authorize(request, "*");
        JsonNode filter = in.path("Filter");
        String actionType = filter.hasNonNull("ActionType") ? filter.get("ActionType").asText() : null;
        String parentHandshake = filter.hasNonNull("ParentHandshakeId") ? filter.get("ParentHandshakeId").asText() : null;
        if (actionType != null && parentHandshake != null) {
            throw invalidInput("INVALID_LIST_MEMBER", "You can specify only one of ActionType or ParentHandshakeId.");
        }
        List<Handshake> matching = org.handshakes().stream()
                .filter(h -> actionType == null || h.action().equals(actionType))
                .filter(h -> parentHandshake == null)
                .toList();
        return page(request, "ListHandshakesForOrganization", actionType + "/" + parentHandshake, matching,
                "Handshakes", h -> handshake(h, org));
    }

    private ObjectNode tagResource(AwsRequest request, OrganizationState org, JsonNode in) {
        String resourceId = required(in, "ResourceId");
        String arn = tagTargetArn(request, org, resourceId);
        authorize(request, arn);
        JsonNode tags = in.path("Tags");
        if (!tags.isArray()) {
            throw invalidInput("INPUT_REQUIRED", "You must specify a value for the Tags parameter.");
        }
        var incoming = new LinkedHashMap<String, String>();
        for (JsonNode tag : tags) {
            String key = tag.path("Key").asText(null);
            String value = tag.path("Value").asText(null);
            if (key == null || value == null) {
                throw invalidInput("INPUT_REQUIRED", "A tag must have a Key and a Value.");
            }
            if (key.isEmpty()) {
                throw invalidInput("MIN_LENGTH_EXCEEDED", "You provided a tag key that is too short.");
            }
            if (key.length() > 128) {
                throw invalidInput("MAX_LENGTH_EXCEEDED", "You provided a tag key that is too long.");
            }
            if (value.length() > 256) {
                throw invalidInput("MAX_LENGTH_EXCEEDED", "You provided a tag value that is too long.");
            }
            if (incoming.put(key, value) != null) {
                throw invalidInput("DUPLICATE_TAG_KEY", "Tag keys must be unique among the tags attached to the same entity.");
            }
        }
        org.updateTags(resourceId, old -> {
            var merged = new LinkedHashMap<>(old);
            merged.putAll(incoming);
            if (merged.size() > MAX_TAGS) {
                throw new AwsException("ConstraintViolationException", 400,
                        "You have exceeded the maximum number of tags allowed on this resource.",
                        Map.of("Reason", "MAX_TAG_LIMIT_EXCEEDED"));
            }
            return merged;
        });
        return MAPPER.createObjectNode();
    }

    private ObjectNode untagResource(AwsRequest request, OrganizationState org, JsonNode in) {
        String resourceId = required(in, "ResourceId");
        String arn = tagTargetArn(request, org, resourceId);
        authorize(request, arn);
        JsonNode keys = in.path("TagKeys");
        if (!keys.isArray()) {
            throw invalidInput("INPUT_REQUIRED", "You must specify a value for the TagKeys parameter.");
        }
        var remove = new ArrayList<String>();
        keys.forEach(k -> remove.add(k.asText()));
        org.updateTags(resourceId, old -> {
            var remaining = new LinkedHashMap<>(old);
            remove.forEach(remaining::remove);
            return remaining;
        });
        return MAPPER.createObjectNode();
    }

    private ObjectNode listTags(AwsRequest request, OrganizationState org, JsonNode in) {
        String resourceId = required(in, "ResourceId");
        String arn = tagTargetArn(request, org, resourceId);
        authorize(request, arn);
        var tags = new ArrayList<ObjectNode>();
        org.tags(resourceId).forEach((k, v) -> tags.add(MAPPER.createObjectNode().put("Key", k).put("Value", v)));
        return page(request, "ListTagsForResource", resourceId, tags, "Tags", Function.identity());
    }

    // ---------------------------------------------------------------- service control policies

    /**
     * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html. Only SCPs are enabled in
     * the emulated organization, so other types answer PolicyTypeNotEnabledException.
     */
    private ObjectNode createPolicy(AwsRequest request, OrganizationState org, JsonNode in) {
        String content = required(in, "Content");
        String description = required(in, "Description");
        String name = required(in, "Name");
        String type = required(in, "Type");
        authorize(request, "*");
        if (name.isEmpty() || name.length() > 128) {
            throw invalidInput(name.isEmpty() ? "MIN_LENGTH_EXCEEDED" : "MAX_LENGTH_EXCEEDED",
                    "You provided a value that does not match the required length.");
        }
        if (description.length() > 512) {
            throw invalidInput("MAX_LENGTH_EXCEEDED", "You provided a value that does not match the required length.");
        }
        requirePolicyType(type);
        if (!ServiceControlPolicies.TYPE.equals(type)) {
            throw new AwsException("PolicyTypeNotEnabledException", 400,
                    "This operation can be performed only for enabled policy types.");
        }
        var scps = state.serviceControlPolicies();
        if (scps.all().stream().anyMatch(p -> p.name().equals(name))) {
            throw new AwsException("DuplicatePolicyException", 400, "A policy with the same name already exists.");
        }
        var parsed = parseScp(content);
        String id = "p-" + state.uniqueId("", "scp|" + name).toLowerCase(java.util.Locale.ROOT).substring(0, 8);
        var policy = new ServiceControlPolicies.Policy(id, scps.arnOf(id), name, description, false, parsed);
        scps.put(policy);
        return policyNode(policy);
    }

    /** https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html */
    private ObjectNode describePolicy(AwsRequest request, JsonNode in) {
        String id = policyId(in);
        var policy = state.serviceControlPolicies().policy(id).orElse(null);
        authorize(request, policy != null ? policy.arn() : "*");
        if (policy == null) {
            throw policyNotFound();
        }
        return policyNode(policy);
    }

    /**
     * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html and
     * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html.
     */
    private ObjectNode attachPolicy(AwsRequest request, OrganizationState org, JsonNode in, boolean attach) {
        String id = policyId(in);
        String target = required(in, "TargetId");
        pattern(target, POLICY_TARGET);
        if (ACCOUNT_ID.matcher(target).matches()) {
            request.targetAccount(target);
        }
        var scps = state.serviceControlPolicies();
        var policy = scps.policy(id).orElse(null);
        authorize(request, policy != null ? policy.arn() : "*");
        if (policy == null) {
            throw policyNotFound();
        }
        if (!scps.isTarget(target)) {
            throw targetNotFound();
        }
        if (attach) {
            if (!scps.attach(id, target)) {
                throw new AwsException("DuplicatePolicyAttachmentException", 400,
                        "The selected policy is already attached to the specified target.");
            }
        } else {
            scps.detach(id, target);
        }
        return MAPPER.createObjectNode();
    }

    /** https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPolicies.html */
    private ObjectNode listPolicies(AwsRequest request, JsonNode in) {
        String filter = required(in, "Filter");
        requirePolicyType(filter);
        authorize(request, "*");
        var policies = ServiceControlPolicies.TYPE.equals(filter) ? state.serviceControlPolicies().all()
                : List.<ServiceControlPolicies.Policy>of();
        return page(request, "ListPolicies", filter, policies, "Policies", this::policySummary);
    }

    /**
     * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html: the policies
     * attached directly to the root, OU or account, FullAWSAccess included.
     */
    private ObjectNode listPoliciesForTarget(AwsRequest request, OrganizationState org, JsonNode in) {
        String target = required(in, "TargetId");
        String filter = required(in, "Filter");
        pattern(target, POLICY_TARGET);
        requirePolicyType(filter);
        if (ACCOUNT_ID.matcher(target).matches()) {
            request.targetAccount(target);
        }
        authorize(request, targetArn(org, target).orElse("*"));
        if (!state.serviceControlPolicies().isTarget(target)) {
            throw targetNotFound();
        }
        var policies = ServiceControlPolicies.TYPE.equals(filter)
                ? state.serviceControlPolicies().attachedTo(target) : List.<ServiceControlPolicies.Policy>of();
        return page(request, "ListPoliciesForTarget", target + "/" + filter, policies, "Policies",
                this::policySummary);
    }

    /** https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html */
    private ObjectNode listTargetsForPolicy(AwsRequest request, OrganizationState org, JsonNode in) {
        String id = policyId(in);
        var policy = state.serviceControlPolicies().policy(id).orElse(null);
        authorize(request, policy != null ? policy.arn() : "*");
        if (policy == null) {
            throw policyNotFound();
        }
        var targets = new ArrayList<ObjectNode>();
        for (String target : state.serviceControlPolicies().targetsOf(id)) {
            ObjectNode node = MAPPER.createObjectNode().put("TargetId", target).put("Arn", targetArn(org, target)
                    .orElseThrow());
            org.account(target).ifPresentOrElse(a -> node.put("Name", a.name()).put("Type", "ACCOUNT"),
                    () -> org.unit(target).ifPresent(u -> node.put("Name", u.name())
                            .put("Type", u.isRoot() ? "ROOT" : "ORGANIZATIONAL_UNIT")));
            targets.add(node);
        }
        return page(request, "ListTargetsForPolicy", id, targets, "Targets", Function.identity());
    }

    /**
     * https://docs.aws.amazon.com/organizations/latest/APIReference/API_EnablePolicyType.html: SCPs are enabled on the
     * emulated root already; other types are not emulated.
     */
    private ObjectNode enablePolicyType(AwsRequest request, OrganizationState org, JsonNode in) {
        String root = required(in, "RootId");
        String type = required(in, "PolicyType");
        requirePolicyType(type);
        authorize(request, org.unit(root).map(OrgUnit::arn).orElse("*"));
        if (org.unit(root).filter(OrgUnit::isRoot).isEmpty()) {
            throw new AwsException("RootNotFoundException", 400, "We can't find a root with the RootId that you specified.");
        }
        if (ServiceControlPolicies.TYPE.equals(type)) {
            throw new AwsException("PolicyTypeAlreadyEnabledException", 400,
                    "The specified policy type is already enabled.");
        }
        throw new AwsException("PolicyTypeNotAvailableForOrganizationException", 400,
                "You can't use the specified policy type with the feature set currently enabled for this "
                        + "organization. The emulator enables SERVICE_CONTROL_POLICY only.");
    }

    private ObjectNode policyNode(ServiceControlPolicies.Policy policy) {
        ObjectNode out = MAPPER.createObjectNode();
        ObjectNode p = out.putObject("Policy");
        p.set("PolicySummary", policySummary(policy));
        p.put("Content", policy.content().json());
        return out;
    }

    /** https://docs.aws.amazon.com/organizations/latest/APIReference/API_PolicySummary.html */
    private ObjectNode policySummary(ServiceControlPolicies.Policy p) {
        return MAPPER.createObjectNode().put("Id", p.id()).put("Arn", p.arn()).put("Name", p.name())
                .put("Description", p.description()).put("Type", ServiceControlPolicies.TYPE)
                .put("AwsManaged", p.awsManaged());
    }

    private static io.orgaccessguard.emulator.policy.PolicyDocument parseScp(String content) {
        if (content.isEmpty() || content.length() > 5120) {
            throw new AwsException("ConstraintViolationException", 400,
                    "You attempted to create a policy larger than the maximum size (5,120 characters).",
                    Map.of("Reason", "POLICY_CONTENT_LIMIT_EXCEEDED"));
        }
        try {
            return ServiceControlPolicies.parse(content);
        } catch (AwsException e) {
            throw new AwsException("MalformedPolicyDocumentException", 400, "The provided policy document doesn't "
                    + "meet the requirements of the specified policy type. " + e.getMessage());
        }
    }

    private static java.util.Optional<String> targetArn(OrganizationState org, String target) {
        return org.account(target).map(OrgAccount::arn).or(() -> org.unit(target).map(OrgUnit::arn));
    }

    private static String policyId(JsonNode in) {
        String id = required(in, "PolicyId");
        pattern(id, POLICY_ID);
        return id;
    }

    private static void requirePolicyType(String type) {
        if (!POLICY_TYPES.contains(type)) {
            throw invalidInput("INVALID_ENUM", "You specified an invalid value.");
        }
    }

    private static AwsException policyNotFound() {
        return new AwsException("PolicyNotFoundException", 400,
                "We can't find a policy with the PolicyId that you specified.");
    }

    private static AwsException targetNotFound() {
        return new AwsException("TargetNotFoundException", 400,
                "We can't find a root, OU, account, or policy with the TargetId that you specified.");
    }

    // ---------------------------------------------------------------- shapes

    private ObjectNode account(OrgAccount a) {
        return MAPPER.createObjectNode().put("Id", a.id()).put("Arn", a.arn()).put("Email", a.email())
                .put("Name", a.name()).put("Status", a.status()).put("State", a.state())
                .put("JoinedMethod", a.joinedMethod()).put("JoinedTimestamp", epochSeconds(a.joinedTimestamp()));
    }

    private ObjectNode root(OrgUnit r) {
        ObjectNode node = MAPPER.createObjectNode().put("Id", r.id()).put("Arn", r.arn()).put("Name", r.name());
        node.putArray("PolicyTypes").addObject().put("Type", "SERVICE_CONTROL_POLICY").put("Status", "ENABLED");
        return node;
    }

    private ObjectNode unit(OrgUnit u) {
        return MAPPER.createObjectNode().put("Id", u.id()).put("Arn", u.arn()).put("Name", u.name());
    }

    private ObjectNode handshake(Handshake h, OrganizationState org) {
        ObjectNode node = MAPPER.createObjectNode().put("Id", h.id()).put("Arn", h.arn());
        ArrayNode parties = node.putArray("Parties");
        parties.addObject().put("Id", org.id()).put("Type", "ORGANIZATION");
        parties.addObject().put("Id", h.targetId()).put("Type", h.targetType());
        node.put("State", h.state()).put("RequestedTimestamp", epochSeconds(h.requestedTimestamp()))
                .put("ExpirationTimestamp", epochSeconds(h.expirationTimestamp())).put("Action", h.action());
        ArrayNode resources = node.putArray("Resources");
        resources.addObject().put("Value", org.id()).put("Type", "ORGANIZATION");
        resources.addObject().put("Value", h.targetId()).put("Type", h.targetType());
        return node;
    }

    /** JSON 1.1 timestamps are epoch seconds as a number; three decimals keep milliseconds without an exponent. */
    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    // ---------------------------------------------------------------- pagination

    /**
     * One page of a list. MaxResults must be 1..20. With short pages enabled a page holds fewer items than asked
     * (sometimes none) while a NextToken is still returned, which AWS documents can happen: callers must follow
     * NextToken until it is absent, never stop on a short page.
     */
    private <T> ObjectNode page(AwsRequest request, String operation, String scope, List<T> items, String field,
                                Function<T, ObjectNode> render) {
        JsonNode in = request.json();
        int maxResults = 20;
        if (in.hasNonNull("MaxResults")) {
            JsonNode m = in.get("MaxResults");
            if (!m.canConvertToInt()) {
                throw invalidInput("INVALID_PATTERN", "MaxResults must be a number.");
            }
            maxResults = m.asInt();
            if (maxResults < 1) {
                throw invalidInput("MIN_VALUE_EXCEEDED", "You provided a value that is below the minimum allowed "
                        + "value: MaxResults must be at least 1.");
            }
            if (maxResults > 20) {
                throw invalidInput("MAX_VALUE_EXCEEDED", "You provided a value that exceeds the maximum allowed "
                        + "value: MaxResults must be at most 20.");
            }
        }
        String token = in.hasNonNull("NextToken") ? in.get("NextToken").asText() : null;
        PageTokens.Position position = tokens.read(token, operation, scope);
        int offset = position == null ? 0 : position.offset();
        int pageNumber = position == null ? 0 : position.page();
        int size = pageSize(maxResults, operation, scope, offset, pageNumber);
        int end = Math.min(items.size(), offset + size);
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode array = out.putArray(field);
        for (T item : items.subList(Math.min(offset, items.size()), end)) {
            array.add(render.apply(item));
        }
        if (end < items.size()) {
            out.put("NextToken", tokens.issue(operation, scope, end, pageNumber + 1));
        }
        return out;
    }

    private int pageSize(int maxResults, String operation, String scope, int offset, int pageNumber) {
        if (!state.options().shortPages()) {
            return maxResults;
        }
        long h = mix(state.options().seed() * 31 + (operation + "|" + scope).hashCode() * 1_000_003L
                + offset * 7919L + pageNumber);
        if (Math.floorMod(h, 100) < 15) {
            return 0;
        }
        return 1 + (int) Math.floorMod(h >>> 16, (long) maxResults);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- access and validation

    /**
     * The caller's identity policy must allow the action, and the caller must be the management account (or, for
     * DescribeOrganization, any member). Accounts outside the organization get AWSOrganizationsNotInUseException.
     */
    private void authorize(AwsRequest request, String resource) {
        Principal caller = request.caller();
        String action = "organizations:" + request.action();
        Authorizer.Verdict verdict = authorizer.decide(caller, action, resource, request.region());
        if (!verdict.allowed()) {
            throw new AwsException("AccessDeniedException", 400,
                    Authorizer.deniedMessage(caller, action, resource, verdict));
        }
        OrganizationState org = state.organization();
        if (!org.isMember(caller.accountId())) {
            throw new AwsException("AWSOrganizationsNotInUseException", 400,
                    "Your account is not a member of an organization.");
        }
        if (!caller.accountId().equals(org.managementAccountId()) && !MEMBER_CALLABLE.contains(request.action())) {
            throw new AwsException("AccessDeniedException", 400, "You don't have permissions to access this resource.");
        }
    }

    private String tagTargetArn(AwsRequest request, OrganizationState org, String resourceId) {
        pattern(resourceId, TAG_TARGET);
        if (ACCOUNT_ID.matcher(resourceId).matches()) {
            request.targetAccount(resourceId);
        }
        return org.account(resourceId).map(OrgAccount::arn)
                .or(() -> org.unit(resourceId).map(OrgUnit::arn))
                .orElseThrow(() -> new AwsException("TargetNotFoundException", 400,
                        "We can't find a root, OU, account, or policy with the TargetId that you specified."));
    }

    private static String parentId(JsonNode in) {
        String parent = required(in, "ParentId");
        pattern(parent, PARENT_ID);
        return parent;
    }

    private static void requireParent(OrganizationState org, String parentId) {
        if (org.unit(parentId).isEmpty()) {
            throw new AwsException("ParentNotFoundException", 400,
                    "We can't find a root or OU with the ParentId that you specified.");
        }
    }

    private static String required(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            throw invalidInput("INPUT_REQUIRED", "You must specify a value for the " + field + " parameter.");
        }
        return value.asText();
    }

    private static void pattern(String value, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw invalidInput("INVALID_PATTERN", "You provided a value that does not match the required pattern.");
        }
    }

    private static AwsException invalidInput(String reason, String message) {
        return new AwsException("InvalidInputException", 400, message, Map.of("Reason", reason));
    }
}
