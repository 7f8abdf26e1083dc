package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.decision.TrustPolicy;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Reason.Failure;
import io.orgaccessguard.core.port.MemberRoles;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RoleSession;
import io.orgaccessguard.core.port.RoleSession.ContextEntry;
import io.orgaccessguard.core.port.RoleSession.Decision;
import io.orgaccessguard.core.port.RoleSession.Evaluation;
import io.orgaccessguard.core.port.RoleSession.MatchedPolicy;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The one in-memory fake of the organization and its member accounts' roles, for the core's fast tests: it implements
 * the core's own {@link OrganizationDirectory} and {@link MemberRoles}, records every call, and can be told to fail a
 * call or to keep a changed role unassumable for a few attempts (IAM's eventual consistency). Wire shapes, signing and
 * error codes are the wire-level emulator's business, not this fake's.
 */
public final class InMemoryOrganization implements OrganizationDirectory, MemberRoles {

    /** The inline policy AWS puts on OrganizationAccountAccessRole in the accounts Organizations creates. */
    public static final String INLINE_ADMIN = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}""";
    /** What the function runs as, in the management account. */
    public static final String FUNCTION_ROLE_ARN =
            "arn:aws:iam::" + Fixtures.MANAGEMENT_ACCOUNT_ID + ":role/" + Fixtures.FUNCTION_ROLE;

    /** The SCP Organizations attaches to every root, OU and account when SCPs are enabled. */
    public static final String FULL_AWS_ACCESS_ID = "p-FullAWSAccess";
    private static final java.util.function.Function<String, ServiceControlPolicy> FULL_AWS_ACCESS = target ->
            new ServiceControlPolicy(target, FULL_AWS_ACCESS_ID, "FullAWSAccess", INLINE_ADMIN);
    /** AWS managed policies the fake knows the documents of. */
    public static final String READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    public static final String READ_ONLY_DOCUMENT = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*",
             "ec2:Describe*", "s3:Get*", "s3:List*"], "Resource": "*"}]}""";

    /** Accounts a page of Organizations' listings, as the function asks for them. */
    private static final int PAGE = 20;
    /** A queued call that succeeds, ahead of one that fails. */
    private static final String PASS = "";

    private final Organization organization = Fixtures.ORGANIZATION;
    private final Map<String, Member> members = new TreeMap<>();
    private final Map<String, String> handshakes = new HashMap<>();
    /** SCPs by target (account, OU or root); a target without any has FullAWSAccess, as Organizations attaches it. */
    private final Map<String, List<ServiceControlPolicy>> scps = new ConcurrentHashMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<String>> failures = new ConcurrentHashMap<>();
    private volatile int propagationAttempts;
    private volatile Consumer<String> onEachCall = call -> { };

    public InMemoryOrganization() {
        member(Fixtures.MANAGEMENT_ACCOUNT_ID).name("management");
    }

    /** The member account with this ID, made ACTIVE and INVITED with no role when first named. */
    public synchronized Member member(String accountId) {
        return members.computeIfAbsent(accountId, Member::new);
    }

    /**
     * Attaches an SCP to a target. The first attached to a target joins the FullAWSAccess it had, as when a person
     * attaches one in the console; {@link #detachFullAwsAccess} takes that away.
     */
    public void scp(String targetId, String policyId, String name, String document) {
        scps.computeIfAbsent(targetId, key -> new ArrayList<>(List.of(FULL_AWS_ACCESS.apply(key))))
                .add(new ServiceControlPolicy(targetId, policyId, name, document));
    }

    public void detachFullAwsAccess(String targetId) {
        scps.computeIfAbsent(targetId, key -> new ArrayList<>(List.of(FULL_AWS_ACCESS.apply(key))))
                .removeIf(policy -> policy.policyId().equals(FULL_AWS_ACCESS_ID));
    }

    public void handshake(String handshakeId, String acceptingAccountId) {
        handshakes.put(handshakeId, acceptingAccountId);
    }

    /** A role created or changed from now on refuses this many AssumeRole attempts before it works. */
    public void propagationAttempts(int attempts) {
        propagationAttempts = attempts;
    }

    /** Runs before every call: a test moves its clock with it, so that the work takes time. */
    public void onEachCall(Runnable action) {
        onEachCall = call -> action.run();
    }

    /** Runs before every call, given the call as {@link #calls()} will show it. */
    public void onEachCall(Consumer<String> action) {
        onEachCall = action;
    }

    /** The next call of {@code operation} (such as {@code iam:CreateRole}) fails with {@code errorCode}. */
    public void failNext(String operation, String errorCode) {
        failAfter(operation, 0, errorCode);
    }

    /** The call of {@code operation} after the next {@code succeeding} ones fails with {@code errorCode}. */
    public void failAfter(String operation, int succeeding, String errorCode) {
        Deque<String> queue = failures.computeIfAbsent(operation, key -> new ArrayDeque<>());
        for (int i = 0; i < succeeding; i++) {
            queue.add(PASS);
        }
        queue.add(errorCode);
    }

    /** Every call made, in order, as {@code service:Action target}. */
    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The calls that changed something in a member account. */
    public List<String> writes() {
        return calls().stream().filter(call -> call.startsWith("iam:CreateRole")
                || call.startsWith("iam:AttachRolePolicy") || call.startsWith("iam:UpdateAssumeRolePolicy")).toList();
    }

    public long count(String operation) {
        return calls().stream().filter(call -> call.startsWith(operation + " ")).count();
    }

    // -------------------------------------------------------------------------------------- OrganizationDirectory

    @Override
    public Organization describeOrganization() {
        call("organizations:DescribeOrganization", organization.id());
        return organization;
    }

    @Override
    public Optional<MemberAccount> describeAccount(String accountId) {
        call("organizations:DescribeAccount", accountId);
        return Optional.ofNullable(members.get(accountId)).map(Member::described);
    }

    @Override
    public Optional<String> handshakeAccount(String handshakeId) {
        call("organizations:DescribeHandshake", handshakeId);
        return Optional.ofNullable(handshakes.get(handshakeId));
    }

    @Override
    public Stream<MemberAccount> allAccounts() {
        call("organizations:ListAccounts", "all");
        return List.copyOf(members.values()).stream().map(Member::described);
    }

    /**
     * The accounts with the OUs {@link Member#under} named as their path (the fake's OUs are named by their IDs), in
     * pages of 20 as Organizations gives them, each page a {@code organizations:ListAccountsForParent} call.
     */
    @Override
    public void walkAccountsWithOuPaths(Consumer<List<MemberAccount>> page) {
        call("organizations:ListRoots", "all");
        List<MemberAccount> accounts = List.copyOf(members.values()).stream()
                .map(member -> member.described().under(member.parentPath.subList(1, member.parentPath.size())))
                .toList();
        for (int from = 0; from < accounts.size(); from += PAGE) {
            call("organizations:ListAccountsForParent", "page " + from / PAGE);
            page.accept(accounts.subList(from, Math.min(from + PAGE, accounts.size())));
        }
    }

    @Override
    public List<MemberAccount> accountsUnder(String parentId, boolean recursive) {
        call("organizations:ListAccountsForParent", parentId);
        return members.values().stream()
                .filter(member -> recursive ? member.parentPath.contains(parentId) : member.parentPath.getLast()
                        .equals(parentId))
                .map(Member::described).toList();
    }

    @Override
    public List<ServiceControlPolicy> serviceControlPolicies(String accountId) {
        Member member = members.get(accountId);
        var targets = new ArrayList<String>();
        targets.add(accountId);
        targets.addAll(member == null ? List.of(Fixtures.ROOT_ID) : member.parentPath.reversed());
        var policies = new ArrayList<ServiceControlPolicy>();
        String child = accountId;
        for (String target : targets) {
            if (!target.equals(accountId)) {
                call("organizations:ListParents", child);
                child = target;
            }
            call("organizations:ListPoliciesForTarget", target);
            for (ServiceControlPolicy policy : scpsOn(target)) {
                call("organizations:DescribePolicy", policy.policyId());
                policies.add(policy);
            }
        }
        return policies;
    }

    private List<ServiceControlPolicy> scpsOn(String target) {
        return List.copyOf(scps.getOrDefault(target, List.of(FULL_AWS_ACCESS.apply(target))));
    }

    // ------------------------------------------------------------------------------------------------ MemberRoles

    @Override
    public Optional<RoleSession> assume(String roleArn, SessionPurpose purpose) {
        call("sts:AssumeRole", roleArn.substring(roleArn.indexOf("::") + 2).replace(":role/", "/"));
        String[] parts = roleArn.split(":", 6);
        Member member = members.get(parts[4]);
        Role role = member == null ? null : member.roles.get(parts[5].substring("role/".length()));
        if (role == null) {
            return Optional.empty();
        }
        synchronized (role) {
            TrustPolicy trust = TrustPolicy.parse(role.trust);
            if (!trust.admits(organization.managementRootArn()) && !trust.admits(FUNCTION_ROLE_ARN)) {
                return Optional.empty();
            }
            if (role.deniedFromOutside) {
                return Optional.empty();
            }
            if (role.unassumableFor > 0) {
                role.unassumableFor--;
                return Optional.empty();
            }
        }
        return Optional.of(new Session(member, role));
    }

    private void call(String operation, String target) {
        onEachCall.accept(operation + " " + target);
        calls.add(operation + " " + target);
        Deque<String> queued = failures.get(operation);
        String code = queued == null ? null : queued.poll();
        if (code != null && !code.equals(PASS)) {
            throw new OperationFailedException(new Failure(operation, code, "injected by the test"),
                    code.startsWith("AccessDenied"), null);
        }
    }

    /** A member account: its place in the organization and its IAM roles. */
    public final class Member {
        private final String id;
        private String name;
        private String state = "ACTIVE";
        private String joinedMethod = "INVITED";
        private Instant joinedAt = Fixtures.JOINED_AT;
        private List<String> parentPath = List.of(Fixtures.ROOT_ID);
        private final Map<String, Role> roles = new ConcurrentHashMap<>();
        private final Map<String, String> policies = new ConcurrentHashMap<>();

        private Member(String id) {
            this.id = id;
            this.name = "account " + id;
        }

        public Member name(String newName) {
            name = newName;
            return this;
        }

        public Member state(String newState) {
            state = newState;
            return this;
        }

        public Member joined(String method, Instant at) {
            joinedMethod = method;
            joinedAt = at;
            return this;
        }

        /** The OUs from the root down to the account's parent. */
        public Member under(String... ouPath) {
            var path = new ArrayList<String>();
            path.add(Fixtures.ROOT_ID);
            path.addAll(List.of(ouPath));
            parentPath = List.copyOf(path);
            return this;
        }

        /** A role with this trust, permitted the given IAM actions on its own session ({@code *}: all). */
        public Role role(String roleName, String trust, String... iamActions) {
            Role role = new Role(roleName, trust, Set.of(iamActions));
            roles.put(roleName, role);
            return role;
        }

        /**
         * The access role as Organizations makes it in an account it creates: trust in the management account, full
         * admin through an inline policy named AdministratorAccess, no managed policy
         * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html).
         */
        public Role accessRoleAsOrganizationsMakesIt() {
            return role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "*").inline("AdministratorAccess",
                    INLINE_ADMIN);
        }

        /** The access role as AWS's manual procedure makes it: trust in the management account, AdministratorAccess. */
        public Role accessRoleMadeByHand() {
            return role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "*").attach(Fixtures.ADMINISTRATOR_ACCESS);
        }

        /** A bootstrap role that may do exactly what the README's least-privilege bootstrap policy allows. */
        public Role bootstrapRole() {
            return role(Fixtures.BOOTSTRAP_ROLE, Fixtures.MANAGEMENT_TRUST, "iam:CreateRole", "iam:GetRole",
                    "iam:TagRole", "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies",
                    "iam:GetRolePolicy", "iam:UpdateAssumeRolePolicy");
        }

        public Optional<Role> role(String roleName) {
            return Optional.ofNullable(roles.get(roleName));
        }

        /** A customer-managed policy of this account, by path and name ({@code /ops/OpsAdmin}); returns its ARN. */
        public String policy(String pathAndName, String document) {
            String arn = "arn:aws:iam::" + id + ":policy" + pathAndName;
            policies.put(arn, document);
            return arn;
        }

        /** The document of a managed policy as this account sees it: AWS managed, or one of its own. */
        Optional<String> policyDocument(String arn) {
            if (arn.equals(Fixtures.ADMINISTRATOR_ACCESS)) {
                return Optional.of(INLINE_ADMIN);
            }
            if (arn.equals(READ_ONLY_ACCESS)) {
                return Optional.of(READ_ONLY_DOCUMENT);
            }
            return Optional.ofNullable(policies.get(arn));
        }

        MemberAccount described() {
            return new MemberAccount(id, name, id + "@example.com", state, joinedMethod, joinedAt);
        }
    }

    /** An IAM role in a member account, as state the tests set up and read back. */
    public static final class Role {
        private final String name;
        private final Set<String> permissions;
        private String trust;
        private final List<String> attached = new ArrayList<>();
        private final Map<String, String> inline = new LinkedHashMap<>();
        private final Map<String, String> tags = new LinkedHashMap<>();
        private int unassumableFor;
        private boolean deniedFromOutside;
        private String boundary;

        private Role(String name, String trust, Set<String> permissions) {
            this.name = name;
            this.trust = trust;
            this.permissions = Set.copyOf(permissions);
        }

        public synchronized Role attach(String policyArn) {
            if (!attached.contains(policyArn)) {
                attached.add(policyArn);
            }
            return this;
        }

        public synchronized Role inline(String policyName, String document) {
            inline.put(policyName, document);
            return this;
        }

        /** A permissions boundary: the role may do only what both it and the role's policies allow. */
        public synchronized Role boundary(String policyArn) {
            boundary = policyArn;
            return this;
        }

        /** Something outside the role (an SCP, a permissions boundary) denies assuming it, whatever its trust. */
        public synchronized Role deniedFromOutside() {
            deniedFromOutside = true;
            return this;
        }

        public synchronized String trust() {
            return trust;
        }

        public synchronized List<String> attached() {
            return List.copyOf(attached);
        }

        public synchronized Map<String, String> inline() {
            return Map.copyOf(inline);
        }

        public synchronized Map<String, String> tags() {
            return Map.copyOf(tags);
        }

        synchronized boolean may(String action) {
            return permissions.contains("*") || permissions.contains(action)
                    || attached.contains(Fixtures.ADMINISTRATOR_ACCESS);
        }
    }

    /** IAM in one member account as one of its roles. */
    private final class Session implements RoleSession {
        private final Member member;
        private final Role self;

        Session(Member member, Role self) {
            this.member = member;
            this.self = self;
        }

        private void iam(String action, String roleName) {
            call(action, member.id + "/" + roleName);
            if (!self.may(action)) {
                throw new OperationFailedException(new Failure(action, "AccessDenied", self.name + " may not "
                        + action), true, null);
            }
        }

        private Role existing(String action, String roleName) {
            Role role = member.roles.get(roleName);
            if (role == null) {
                throw new OperationFailedException(new Failure(action, "NoSuchEntity", roleName), false, null);
            }
            return role;
        }

        @Override
        public Optional<ExistingRole> getRole(String roleName) {
            iam("iam:GetRole", roleName);
            return Optional.ofNullable(member.roles.get(roleName)).map(role -> {
                synchronized (role) {
                    return new ExistingRole("arn:aws:iam::" + member.id + ":role/" + roleName, role.trust, role.tags,
                            Optional.ofNullable(role.boundary));
                }
            });
        }

        @Override
        public boolean createRole(String roleName, String trustDocument, String description,
                                  Map<String, String> tags) {
            iam("iam:CreateRole", roleName);
            Role created = new Role(roleName, trustDocument, Set.of());
            created.tags.putAll(tags);
            created.unassumableFor = propagationAttempts;
            return member.roles.putIfAbsent(roleName, created) == null;
        }

        @Override
        public void updateTrust(String roleName, String trustDocument) {
            iam("iam:UpdateAssumeRolePolicy", roleName);
            Role role = existing("iam:UpdateAssumeRolePolicy", roleName);
            synchronized (role) {
                role.trust = trustDocument;
                role.unassumableFor = propagationAttempts;
            }
        }

        @Override
        public List<String> attachedPolicyArns(String roleName) {
            iam("iam:ListAttachedRolePolicies", roleName);
            return existing("iam:ListAttachedRolePolicies", roleName).attached();
        }

        @Override
        public Map<String, String> inlinePolicies(String roleName) {
            iam("iam:ListRolePolicies", roleName);
            Map<String, String> inline = existing("iam:ListRolePolicies", roleName).inline();
            var documents = new LinkedHashMap<String, String>();
            for (String name : new LinkedHashSet<>(inline.keySet())) {
                iam("iam:GetRolePolicy", roleName);
                documents.put(name, inline.get(name));
            }
            return documents;
        }

        @Override
        public Optional<String> managedPolicyDocument(String policyArn) {
            iam("iam:GetPolicy", policyArn);
            Optional<String> document = member.policyDocument(policyArn);
            if (document.isPresent()) {
                iam("iam:GetPolicyVersion", policyArn);
            }
            return document;
        }

        @Override
        public boolean policyExists(String policyArn) {
            iam("iam:GetPolicy", policyArn);
            return member.policyDocument(policyArn).isPresent();
        }

        @Override
        public void attachPolicy(String roleName, String policyArn) {
            iam("iam:AttachRolePolicy", roleName);
            if (member.policyDocument(policyArn).isEmpty() && !policyArn.contains(":iam::aws:")) {
                // IAM attaches only a policy the account holds (AWS managed ones the fake does not know aside).
                throw new OperationFailedException(new Failure("iam:AttachRolePolicy", "NoSuchEntity", "Policy "
                        + policyArn + " does not exist or is not attachable."), false, null);
            }
            existing("iam:AttachRolePolicy", roleName).attach(policyArn);
        }

        /**
         * IAM's evaluation, as the fake models it (the wire-level emulator is the faithful one): identity policies,
         * then the boundary, then the SCPs of every level from the account to the root
         * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html). A statement
         * with a condition on a key the context lacks does not apply, and the key is reported missing.
         */
        @Override
        public List<Evaluation> simulate(String principalArn, List<String> actions, List<ContextEntry> context) {
            call("iam:SimulatePrincipalPolicy", member.id + "/" + self.name);
            if (!self.may("iam:SimulatePrincipalPolicy")) {
                throw new OperationFailedException(new Failure("iam:SimulatePrincipalPolicy", "AccessDenied",
                        self.name + " may not iam:SimulatePrincipalPolicy"), true, null);
            }
            Role role = member.roles.get(principalArn.substring(principalArn.lastIndexOf('/') + 1));
            var values = new HashMap<String, String>();
            context.forEach(entry -> values.put(entry.key(), entry.value()));
            var evaluations = new ArrayList<Evaluation>();
            for (String action : actions) {
                var missing = new java.util.TreeSet<String>();
                var denies = new ArrayList<MatchedPolicy>();
                boolean allowed = false;
                Map<String, String> identity = new LinkedHashMap<>();
                synchronized (role) {
                    role.inline.forEach((name, document) -> identity.put("role:" + name, document));
                    role.attached.forEach(arn -> member.policyDocument(arn).ifPresent(document -> identity.put(
                            (arn.contains(":iam::aws:") ? "aws-managed:" : "user-managed:") + arn, document)));
                }
                for (var policy : identity.entrySet()) {
                    String effect = FakeEvaluation.effect(policy.getValue(), action, values, missing);
                    if (effect.equals("Deny")) {
                        String[] typeAndId = policy.getKey().split(":", 2);
                        denies.add(new MatchedPolicy(typeAndId[1], typeAndId[0]));
                    }
                    allowed |= effect.equals("Allow");
                }
                boolean boundaryAllows = role.boundary == null || member.policyDocument(role.boundary)
                        .map(document -> FakeEvaluation.effect(document, action, values, missing).equals("Allow"))
                        .orElse(false);
                boolean organizationsAllow = true;
                var levels = new ArrayList<String>(member.parentPath);
                levels.add(member.id);
                for (String level : levels) {
                    boolean levelAllows = false;
                    for (ServiceControlPolicy scp : scpsOn(level)) {
                        String effect = FakeEvaluation.effect(scp.document(), action, values, missing);
                        organizationsAllow &= !effect.equals("Deny");
                        levelAllows |= effect.equals("Allow");
                    }
                    organizationsAllow &= levelAllows;
                }
                Decision decision = !denies.isEmpty() || !organizationsAllow && denyByScp(levels, action, values)
                        ? Decision.EXPLICIT_DENY
                        : allowed && boundaryAllows && organizationsAllow ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
                evaluations.add(new Evaluation(action, decision, denies, boundaryAllows, organizationsAllow,
                        List.copyOf(missing)));
            }
            return evaluations;
        }

        private boolean denyByScp(List<String> levels, String action, Map<String, String> values) {
            return levels.stream().flatMap(level -> scpsOn(level).stream()).anyMatch(scp ->
                    FakeEvaluation.effect(scp.document(), action, values, new java.util.TreeSet<>()).equals("Deny"));
        }

        @Override
        public void close() {
        }
    }
}
