package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.ServiceControlPolicySeed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The organization's service control policies and where they are attached. SCPs are enabled on the root, and every
 * level from the root through each OU to an account must allow an action: "This is why when you enable SCPs, AWS
 * Organizations attaches an AWS managed SCP policy named FullAWSAccess which allows all services and actions"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html). So the
 * emulator starts with FullAWSAccess on the root, every OU and every account; new attachments add to it; a target
 * keeps at least one SCP.
 */
public final class ServiceControlPolicies {

    /** AWS's policy ID of FullAWSAccess. */
    public static final String FULL_AWS_ACCESS_ID = "p-FullAWSAccess";
    public static final String TYPE = "SERVICE_CONTROL_POLICY";
    private static final Pattern POLICY_ID = Pattern.compile("p-[0-9a-zA-Z_]{8,128}");
    private static final String FULL_AWS_ACCESS = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n"
            + "      \"Effect\": \"Allow\",\n      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

    /** One SCP; {@code content} as submitted and parsed. */
    public record Policy(String id, String arn, String name, String description, boolean awsManaged,
                         PolicyDocument content) {
    }

    private final OrganizationState org;
    private final String partition;
    private final Map<String, Policy> policies = new ConcurrentHashMap<>();
    /** Target ID to the IDs of the policies attached to it, in attachment order. */
    private final Map<String, Set<String>> attachments = new ConcurrentHashMap<>();

    public ServiceControlPolicies(OrganizationState org, OrganizationSeed seed, String partition) {
        this.org = org;
        this.partition = partition;
        put(new Policy(FULL_AWS_ACCESS_ID, "arn:" + partition + ":organizations::aws:policy/service_control_policy/"
                + FULL_AWS_ACCESS_ID, "FullAWSAccess", "Allows access to every operation", true,
                parse(FULL_AWS_ACCESS)));
        org.roots().forEach(r -> attach(FULL_AWS_ACCESS_ID, r.id()));
        seed.organizationalUnits().forEach(u -> attach(FULL_AWS_ACCESS_ID, u.id()));
        seed.accounts().forEach(a -> attach(FULL_AWS_ACCESS_ID, a.id()));
        for (ServiceControlPolicySeed s : seed.serviceControlPolicies()) {
            String where = "Invalid organization seed: SCP " + s.id();
            if (s.id() == null || !POLICY_ID.matcher(s.id()).matches() || policies.containsKey(s.id())) {
                throw new IllegalArgumentException(where + ": the ID must be unique and match p-[0-9a-zA-Z_]{8,128}");
            }
            PolicyDocument content;
            try {
                content = parse(s.content());
            } catch (AwsException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            put(new Policy(s.id(), arnOf(s.id()), s.name(), s.description() == null ? "" : s.description(), false,
                    content));
            for (String target : s.targetIds()) {
                if (!isTarget(target)) {
                    throw new IllegalArgumentException(where + " is attached to " + target
                            + ", which is not a root, OU or account of the organization");
                }
                attach(s.id(), target);
            }
        }
    }

    /** Parses SCP content: IAM's grammar without Principal; Resource may be omitted (it then means every resource). */
    public static PolicyDocument parse(String json) {
        return PolicyParser.parse(json, PolicyParser.Kind.SERVICE_CONTROL, p -> null);
    }

    public String arnOf(String policyId) {
        return "arn:" + partition + ":organizations::" + org.managementAccountId() + ":policy/" + org.id()
                + "/service_control_policy/" + policyId;
    }

    public void put(Policy policy) {
        policies.put(policy.id(), policy);
    }

    public Optional<Policy> policy(String id) {
        return Optional.ofNullable(policies.get(id));
    }

    public List<Policy> all() {
        return policies.values().stream().sorted(java.util.Comparator.comparing(Policy::name)).toList();
    }

    public boolean isTarget(String targetId) {
        return org.unit(targetId).isPresent() || org.isMember(targetId);
    }

    /** @return false when the policy was attached already */
    public boolean attach(String policyId, String targetId) {
        var added = new boolean[1];
        attachments.compute(targetId, (k, old) -> {
            var next = old == null ? new LinkedHashSet<String>() : new LinkedHashSet<>(old);
            added[0] = next.add(policyId);
            return java.util.Collections.unmodifiableSet(next);
        });
        return added[0];
    }

    /**
     * Detaches a policy. Detaching a target's last SCP is ConstraintViolationException
     * MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED (https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html).
     */
    public void detach(String policyId, String targetId) {
        attachments.compute(targetId, (k, old) -> {
            if (old == null || !old.contains(policyId)) {
                throw new AwsException("PolicyNotAttachedException", 400,
                        "The policy you specified isn't attached to the target that you specified.");
            }
            if (old.size() == 1) {
                throw new AwsException("ConstraintViolationException", 400,
                        "You can't detach the last service control policy from a target.",
                        Map.of("Reason", "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
            }
            var next = new LinkedHashSet<>(old);
            next.remove(policyId);
            return java.util.Collections.unmodifiableSet(next);
        });
    }

    public List<Policy> attachedTo(String targetId) {
        return attachments.getOrDefault(targetId, Set.of()).stream().map(policies::get).toList();
    }

    /** The targets a policy is attached to. */
    public List<String> targetsOf(String policyId) {
        return attachments.entrySet().stream().filter(e -> e.getValue().contains(policyId)).map(Map.Entry::getKey)
                .sorted().toList();
    }

    /** The SCPs of each level that governs an account: the root, each OU on the way down, the account itself. */
    public List<List<Policy>> levels(String accountId) {
        var path = new ArrayList<String>();
        path.add(accountId);
        String parent = org.account(accountId).map(OrgAccount::parentId).orElse(null);
        while (parent != null) {
            path.addFirst(parent);
            parent = org.unit(parent).map(OrgUnit::parentId).orElse(null);
        }
        return path.stream().map(this::attachedTo).toList();
    }
}
