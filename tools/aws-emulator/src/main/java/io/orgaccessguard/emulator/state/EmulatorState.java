package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.auth.CredentialStore;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.policy.AwsManagedPolicies;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.dynamodb.DynamoTable;
import io.orgaccessguard.emulator.s3.BucketPolicies;
import io.orgaccessguard.emulator.s3.S3Bucket;
import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.BucketSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicySeed;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.emulator.seed.TableSeed;
import io.orgaccessguard.emulator.seed.TopicSeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * All emulated AWS state: the organization, every account's IAM data, SNS topics and messages, DynamoDB tables, S3
 * buckets, credentials and the call log. It outlives the HTTP listener, so a restart keeps everything. All collections are concurrent and indexed.
 */
public final class EmulatorState {

    /** {@code arn:<p>:iam::<acct>:role/<path/>name} */
    public static final Pattern ROLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):role(/(?:[\\x21-\\x7E]+/)?)?([\\w+=,.@-]{1,64})");
    private static final Pattern ROOT_ARN = Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):root");
    private static final Pattern USER_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::(\\d{12}):user(/(?:[\\x21-\\x7E]+/)?)?([\\w+=,.@-]{1,64})");
    private static final Pattern SESSION_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):sts::(\\d{12}):assumed-role/[\\w+=,.@-]{1,64}/[\\w+=,.@-]{2,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern CUSTOMER_POLICY_ARN = Pattern.compile("arn:[\\w-]+:iam::(\\d{12}):policy/.*");

    private static final PolicyDocument ADMIN_POLICY = PolicyParser.parse(
            AwsManagedPolicies.document("AdministratorAccess").orElseThrow(), PolicyParser.Kind.IDENTITY, p -> null);

    private final EmulatorOptions options;
    private final String partition;
    private final String defaultRegion;
    private final EmulatorClock clock = new EmulatorClock();
    private final CredentialStore credentials;
    private final OrganizationState organization;
    private final ServiceControlPolicies serviceControlPolicies;
    private final Map<String, IamAccount> iamAccounts = new ConcurrentHashMap<>();
    private final Map<String, ManagedPolicy> awsManagedPolicies = new HashMap<>();
    private final ConcurrentHashMap<String, Topic> topicsByArn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Topic>> topicsByAccount =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<PublishedMessage> messages = new ConcurrentLinkedQueue<>();
    /** DynamoDB tables by {@code account|region|name}. */
    private final ConcurrentHashMap<String, DynamoTable> tables = new ConcurrentHashMap<>();
    /** S3 buckets by name: bucket names are global across accounts and regions. */
    private final ConcurrentHashMap<String, S3Bucket> buckets = new ConcurrentHashMap<>();
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private final ConcurrentLinkedQueue<CallRecord> calls = new ConcurrentLinkedQueue<>();
    /** The key of {@link #callCounts()} entries that counts every request of an operation. */
    public static final String CALLS = "calls";
    /** The prefix of {@link #callCounts()} keys that count requests by the SDK's attempt number. */
    public static final String ATTEMPT = "attempt=";
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> callCounts =
            new ConcurrentHashMap<>();
    private final AtomicLong idCounter = new AtomicLong();

    public EmulatorState(EmulatorOptions options, OrganizationSeed seed) {
        this.options = options;
        this.partition = seed.partition();
        this.defaultRegion = seed.region();
        this.credentials = new CredentialStore(options.seed());
        this.organization = new OrganizationState(seed);
        this.serviceControlPolicies = new ServiceControlPolicies(organization, seed, partition);
        Instant epoch = Instant.parse("2015-02-06T18:40:00Z");
        AwsManagedPolicies.all().forEach((name, json) -> {
            String arn = "arn:" + partition + ":iam::aws:policy/" + name;
            awsManagedPolicies.put(arn, new ManagedPolicy(arn, name, "/", uniqueId("ANPA", "aws-policy|" + name),
                    PolicyParser.parse(json, PolicyParser.Kind.IDENTITY, p -> null), null, epoch, true));
        });
        var all = new ArrayList<AccountSeed>(seed.accounts());
        all.addAll(seed.externalAccounts());
        for (AccountSeed account : all) {
            if (!ACCOUNT_ID.matcher(account.id()).matches()) {
                throw new IllegalArgumentException("Invalid organization seed: account id " + account.id());
            }
            if (iamAccounts.putIfAbsent(account.id(), new IamAccount(account.id())) != null) {
                throw new IllegalArgumentException("Invalid organization seed: duplicate account " + account.id());
            }
            credentials.registerAccount(partition, account.id());
        }
        Instant now = clock.now();
        // Policies and roles first, trust resolution after: a trust policy may name a role seeded later.
        for (AccountSeed account : all) {
            for (PolicySeed p : account.policies()) {
                addCustomerPolicy(account.id(), p, now);
            }
            for (RoleSeed r : account.roles()) {
                requireOrganizationsCouldHaveCreated(seed, account, r);
                seedRole(account.id(), r, seed.managementAccountId(), now);
            }
        }
        for (IamAccount iam : iamAccounts.values()) {
            iam.roles().replaceAll((k, role) -> role.withTrust(role.trust(), resolveTrustRoleIds(role.trust()),
                    role.trustUpdatedAt()));
        }
        for (AccountSeed account : all) {
            for (TopicSeed t : account.topics()) {
                String region = t.region() == null ? defaultRegion : t.region();
                PolicyDocument policy = t.policy() == null ? null
                        : PolicyParser.parse(t.policy(), PolicyParser.Kind.RESOURCE, p -> null);
                putTopic(new Topic(topicArn(region, account.id(), t.name()), t.name(), account.id(), region, policy,
                        now));
            }
            for (TableSeed t : account.tables()) {
                seedTable(account.id(), t, now);
            }
            for (BucketSeed b : account.buckets()) {
                seedBucket(account.id(), b, now);
            }
        }
    }

    private void seedTable(String accountId, TableSeed t, Instant now) {
        String region = t.region() == null ? defaultRegion : t.region();
        if (t.name().length() < 3 || t.name().length() > 255 || !t.name().matches("[a-zA-Z0-9_.-]+")) {
            throw new IllegalArgumentException("Invalid organization seed: table name " + t.name() + " must be 3 to 255 "
                    + "characters of a-z, A-Z, 0-9, _, - and .");
        }
        var table = new DynamoTable(partition, accountId, region, t.name(),
                new DynamoTable.KeyAttribute(t.partitionKey(), t.partitionKeyType()),
                t.sortKey() == null ? null : new DynamoTable.KeyAttribute(t.sortKey(), t.sortKeyType()),
                DynamoTable.BillingMode.valueOf(t.billingMode()), now);
        if (tables.putIfAbsent(accountId + "|" + region + "|" + t.name(), table) != null) {
            throw new IllegalArgumentException("Invalid organization seed: duplicate table " + t.name() + " in "
                    + accountId + " " + region);
        }
    }

    /**
     * A bucket as PutBucketPolicy would have left it. With Block Public Access on, S3 refuses a public bucket policy:
     * "BlockPublicPolicy ... Setting this element to TRUE causes Amazon S3 to reject calls to PUT Bucket policy if the
     * specified bucket policy allows public access"
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html), so such a seed is
     * refused rather than silently weakened.
     */
    private void seedBucket(String accountId, BucketSeed b, Instant now) {
        String where = "Invalid organization seed: bucket " + b.name();
        if (!BUCKET_NAME.matcher(b.name()).matches() || b.name().contains("..")) {
            throw new IllegalArgumentException(where + ": names are 3 to 63 lower-case letters, digits, dots and "
                    + "hyphens, beginning and ending with a letter or digit (bucketnamingrules.html)");
        }
        String region = b.region() == null ? defaultRegion : b.region();
        PolicyDocument policy = null;
        if (b.policy() != null) {
            policy = parseSeedDocument(b.policy(), PolicyParser.Kind.RESOURCE, "bucket policy of " + b.name());
            if (!BucketPolicies.refersOnlyTo(policy, "arn:" + partition + ":s3:::" + b.name())) {
                throw new IllegalArgumentException(where + ": Policy has invalid resource (every Resource must be the "
                        + "bucket or its objects)");
            }
            if (b.blockPublicAccess() && BucketPolicies.isPublic(policy)) {
                throw new IllegalArgumentException(where + ": Block Public Access (BlockPublicPolicy) is on and the "
                        + "bucket policy is public: S3 answers PutBucketPolicy with AccessDenied. Fix the principal "
                        + "to specific accounts or condition it on aws:PrincipalOrgID, or turn Block Public Access off");
            }
        }
        String kmsKey = "aws:kms".equals(b.defaultEncryption())
                ? (b.kmsKeyId() != null ? b.kmsKeyId() : awsManagedS3Key(accountId, region)) : null;
        var bucket = new S3Bucket(b.name(), accountId, region, b.versioned(), b.blockPublicAccess(),
                b.defaultEncryption(), kmsKey, b.bucketKeyEnabled(), policy, now, new ConcurrentHashMap<>());
        if (buckets.putIfAbsent(b.name(), bucket) != null) {
            throw new IllegalArgumentException(where + ": bucket names are unique across all accounts");
        }
    }

    private void addCustomerPolicy(String accountId, PolicySeed p, Instant now) {
        String arn = "arn:" + partition + ":iam::" + accountId + ":policy" + p.path() + p.name();
        PolicyDocument doc = parseSeedDocument(p.document(), PolicyParser.Kind.IDENTITY, "policy " + arn);
        iamAccounts.get(accountId).customerPolicies().put(arn, new ManagedPolicy(arn, p.name(), p.path(),
                uniqueId("ANPA", "policy|" + arn), doc, p.description(), now, false));
    }

    /**
     * Organizations makes its role only in a member account it created (joinedMethod CREATED), never in the
     * management account (which created the organization, not the other way round) nor outside the organization.
     */
    private static void requireOrganizationsCouldHaveCreated(OrganizationSeed seed, AccountSeed account, RoleSeed r) {
        if (r.createdBy() != RoleSeed.CreatedBy.ORGANIZATIONS) {
            return;
        }
        boolean member = seed.accounts().stream().anyMatch(a -> a.id().equals(account.id()));
        if (!member || account.id().equals(seed.managementAccountId()) || !"CREATED".equals(account.joinedMethod())) {
            throw new IllegalArgumentException("Invalid organization seed: role " + r.name() + " of " + account.id()
                    + " is createdBy organizations, but Organizations makes that role only in member accounts it "
                    + "created (joinedMethod CREATED), not in the management account nor outside the organization");
        }
    }

    private void seedRole(String accountId, RoleSeed r, String managementAccountId, Instant now) {
        String where = "role " + r.name() + " of " + accountId;
        PolicyDocument trust = parseSeedDocument(r.trustPolicyAtStart(partition, managementAccountId),
                PolicyParser.Kind.TRUST, where);
        var inline = new java.util.LinkedHashMap<String, PolicyDocument>();
        r.inlinePoliciesAtStart().forEach((name, json) ->
                inline.put(name, parseSeedDocument(json, PolicyParser.Kind.IDENTITY, where + " inline " + name)));
        for (String arn : r.managedPolicyArns()) {
            if (policy(accountId, arn).isEmpty()) {
                throw new IllegalArgumentException("Invalid organization seed: " + where + " attaches " + arn
                        + ", which is neither an AWS managed policy nor a customer managed policy of " + accountId
                        + " (a role can attach only those: IAM answers NoSuchEntity \"does not exist or is not "
                        + "attachable\")");
            }
        }
        if (r.permissionsBoundaryArn() != null && policy(accountId, r.permissionsBoundaryArn()).isEmpty()) {
            throw new IllegalArgumentException("Invalid organization seed: " + where + " has the boundary "
                    + r.permissionsBoundaryArn() + ", which is neither an AWS managed policy nor a customer managed "
                    + "policy of " + accountId);
        }
        Instant created = now.minusSeconds(r.createdSecondsAgo());
        Role role = new Role(accountId, r.name(), r.path(), roleArn(accountId, r.path(), r.name()),
                uniqueId("AROA", "role|" + accountId + "|" + r.name()), trust, Map.of(), r.description(),
                r.maxSessionDuration(), created, created, r.managedPolicyArns(), inline, r.tags(),
                r.permissionsBoundaryArn());
        if (iamAccounts.get(accountId).roles().putIfAbsent(IamAccount.key(r.name()), role) != null) {
            throw new IllegalArgumentException("Invalid organization seed: duplicate " + where);
        }
    }

    private static PolicyDocument parseSeedDocument(String json, PolicyParser.Kind kind, String where) {
        try {
            return PolicyParser.parse(json, kind, p -> null);
        } catch (io.orgaccessguard.emulator.http.AwsException e) {
            throw new IllegalArgumentException("Invalid organization seed: " + where + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- basics

    public EmulatorOptions options() {
        return options;
    }

    public String partition() {
        return partition;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    public EmulatorClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.now();
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public OrganizationState organization() {
        return organization;
    }

    public boolean knowsAccount(String accountId) {
        return iamAccounts.containsKey(accountId);
    }

    /** The IAM data of a known account; callers always belong to one. */
    public IamAccount iam(String accountId) {
        IamAccount iam = iamAccounts.get(accountId);
        if (iam == null) {
            throw new IllegalStateException("Unknown account " + accountId);
        }
        return iam;
    }

    public Optional<IamAccount> iamIfKnown(String accountId) {
        return Optional.ofNullable(iamAccounts.get(accountId));
    }

    /** A deterministic (for a given seed and sequence of calls) AWS-style unique ID: prefix + 17 base32 chars. */
    public String uniqueId(String prefix, String salt) {
        long n = idCounter.incrementAndGet();
        byte[] digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (options.seed() + "|" + n + "|" + salt).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return prefix + CredentialStore.base32(digest, 17);
    }

    // ---------------------------------------------------------------- IAM helpers

    public String roleArn(String accountId, String path, String name) {
        return "arn:" + partition + ":iam::" + accountId + ":role" + path + name;
    }

    /** The role a role ARN names, if it exists with exactly that path. */
    public Optional<Role> roleByArn(String arn) {
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches() || !partition.equals(m.group(1))) {
            return Optional.empty();
        }
        String path = m.group(3) == null ? "/" : m.group(3);
        return iamIfKnown(m.group(2)).flatMap(iam -> iam.role(m.group(4))).filter(r -> r.path().equals(path));
    }

    /**
     * The managed policy an ARN names, as seen from an account: an AWS managed policy, or a customer managed policy
     * of that account. A customer managed policy lives in one account and only its roles can attach it, so an ARN
     * naming another account's policy finds nothing: IAM answers AttachRolePolicy with it "NoSuchEntity: Policy
     * arn:... does not exist or is not attachable."
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html; IAM Identity Center documents the
     * same limit and asks for a same-named policy in each account:
     * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachCustomerManagedPolicyReferenceToPermissionSet.html)
     */
    public Optional<ManagedPolicy> policy(String accountId, String arn) {
        ManagedPolicy aws = awsManagedPolicies.get(arn);
        if (aws != null) {
            return Optional.of(aws);
        }
        Matcher m = CUSTOMER_POLICY_ARN.matcher(arn);
        if (!m.matches() || !m.group(1).equals(accountId)) {
            return Optional.empty();
        }
        return iamIfKnown(accountId).map(iam -> iam.customerPolicies().get(arn));
    }

    /**
     * Why IAM would reject an {@code AWS} principal of a trust policy, or null when it accepts it. IAM resolves role
     * and user ARNs to existing principals; it cannot check accounts it does not know, so neither does the emulator.
     */
    public String trustPrincipalProblem(String value) {
        String invalid = "Invalid principal in policy: \"AWS\":\"" + value + "\"";
        if ("*".equals(value) || ACCOUNT_ID.matcher(value).matches()) {
            return null;
        }
        Matcher root = ROOT_ARN.matcher(value);
        if (root.matches()) {
            return partition.equals(root.group(1)) ? null : invalid;
        }
        Matcher role = ROLE_ARN.matcher(value);
        if (role.matches()) {
            if (!partition.equals(role.group(1))) {
                return invalid;
            }
            return !knowsAccount(role.group(2)) || roleByArn(value).isPresent() ? null : invalid;
        }
        Matcher user = USER_ARN.matcher(value);
        if (user.matches()) {
            if (!partition.equals(user.group(1))) {
                return invalid;
            }
            boolean known = knowsAccount(user.group(2));
            return !known || CredentialStore.ADMIN_USER.equals(user.group(4)) ? null : invalid;
        }
        Matcher session = SESSION_ARN.matcher(value);
        if (session.matches()) {
            return partition.equals(session.group(1)) ? null : invalid;
        }
        return invalid;
    }

    /** Binds every existing role named in a trust policy to its current unique ID. */
    public Map<String, String> resolveTrustRoleIds(PolicyDocument trust) {
        var ids = new HashMap<String, String>();
        trust.statements().forEach(s -> {
            if (s.principals() != null) {
                for (String p : s.principals().aws()) {
                    roleByArn(p).ifPresent(r -> ids.put(p, r.roleId()));
                }
            }
        });
        return ids;
    }

    /** The current unique ID of the role an ARN names, or null. */
    public String currentRoleId(String roleArn) {
        return roleByArn(roleArn).map(Role::roleId).orElse(null);
    }

    /**
     * Every policy in force for a caller now: everything for the admin user; for a role session the role's managed
     * and inline policies and its permissions boundary (read live, as AWS does, so a deleted role leaves the session
     * powerless) and the session policies; for both, the SCPs of a member account.
     */
    public PolicyEvaluator.Policies policiesFor(Principal principal) {
        List<PolicyEvaluator.Source> session = principal.sessionPolicies().stream()
                .map(PolicyEvaluator.Source::of).toList();
        if (!principal.isRoleSession()) {
            return new PolicyEvaluator.Policies(List.of(new PolicyEvaluator.Source(CredentialStore.ADMIN_USER, "user",
                    ADMIN_POLICY)), null, scpLevels(principal.accountId()), session);
        }
        Optional<Role> role = roleByArn(principal.roleArn()).filter(r -> r.roleId().equals(principal.roleId()));
        if (role.isEmpty()) {
            return new PolicyEvaluator.Policies(List.of(), null, scpLevels(principal.accountId()), session);
        }
        PolicyEvaluator.Policies own = policiesOf(role.get());
        return new PolicyEvaluator.Policies(own.identity(), own.boundary(), own.scpLevels(), session);
    }

    /**
     * The policies that decide what a role may do: its attached managed policies, its inline policies, its
     * permissions boundary and the SCPs of its account. Sources are named as {@code SimulatePrincipalPolicy} names
     * them (https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html): an inline policy by its name
     * with type {@code role}, a managed one by its name with type {@code aws-managed} or {@code user-managed}.
     */
    public PolicyEvaluator.Policies policiesOf(Role role) {
        var identity = new ArrayList<PolicyEvaluator.Source>();
        for (String arn : role.attachedPolicyArns()) {
            policy(role.accountId(), arn).ifPresent(p -> identity.add(source(p)));
        }
        role.inlinePolicies().forEach((name, doc) -> identity.add(new PolicyEvaluator.Source(name, "role", doc)));
        PolicyEvaluator.Source boundary = role.permissionsBoundaryArn() == null ? null
                : policy(role.accountId(), role.permissionsBoundaryArn()).map(EmulatorState::source)
                        // a boundary whose policy is gone allows nothing
                        .orElse(new PolicyEvaluator.Source(role.permissionsBoundaryArn(), "none",
                                new PolicyDocument("{}", List.of())));
        return new PolicyEvaluator.Policies(identity, boundary, scpLevels(role.accountId()), List.of());
    }

    private static PolicyEvaluator.Source source(ManagedPolicy p) {
        return new PolicyEvaluator.Source(p.name(), p.awsManaged() ? "aws-managed" : "user-managed", p.document());
    }

    /**
     * The SCPs that apply to an account, one list per level from the root down to the account, or null for the
     * management account and accounts outside the organization: "SCPs don't affect users or roles in the management
     * account. They affect only the member accounts in your organization."
     * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)
     */
    public List<List<PolicyEvaluator.Source>> scpLevels(String accountId) {
        if (!organization.isMember(accountId) || accountId.equals(organization.managementAccountId())) {
            return null;
        }
        return serviceControlPolicies.levels(accountId).stream()
                .map(level -> level.stream().map(p -> new PolicyEvaluator.Source(p.id(), "none", p.content()))
                        .toList())
                .toList();
    }

    public ServiceControlPolicies serviceControlPolicies() {
        return serviceControlPolicies;
    }

    /** Condition keys describing the caller (lower-case keys, as condition keys are case-insensitive). */
    public Map<String, String> principalContext(Principal principal, String region) {
        var ctx = new HashMap<String, String>();
        ctx.put("aws:principalarn", principal.principalArn());
        ctx.put("aws:principalaccount", principal.accountId());
        if (organization.isMember(principal.accountId())) {
            ctx.put("aws:principalorgid", organization.id());
        }
        ctx.put("aws:principaltype", principal.isRoleSession() ? "AssumedRole" : "User");
        // The emulator speaks plain HTTP in place of the TLS every SDK uses against AWS.
        ctx.put("aws:securetransport", "true");
        ctx.put("aws:userid", principal.userId());
        if (!principal.isRoleSession()) {
            ctx.put("aws:username", CredentialStore.ADMIN_USER);
        }
        if (principal.sourceIdentity() != null) {
            ctx.put("aws:sourceidentity", principal.sourceIdentity());
        }
        if (region != null) {
            ctx.put("aws:requestedregion", region);
        }
        return ctx;
    }

    // ---------------------------------------------------------------- DynamoDB and S3

    /** A table by account, region and name. */
    public Optional<DynamoTable> table(String accountId, String region, String name) {
        return Optional.ofNullable(tables.get(accountId + "|" + region + "|" + name));
    }

    public List<DynamoTable> tables() {
        return tables.values().stream().sorted(java.util.Comparator.comparing(DynamoTable::arn)).toList();
    }

    public Optional<S3Bucket> bucket(String name) {
        return Optional.ofNullable(name == null ? null : buckets.get(name));
    }

    public List<S3Bucket> buckets() {
        return buckets.values().stream().sorted(java.util.Comparator.comparing(S3Bucket::name)).toList();
    }

    /** The ARN of an account's AWS managed key {@code aws/s3} in a region (stable per seed). */
    public String awsManagedS3Key(String accountId, String region) {
        String id = java.util.UUID.nameUUIDFromBytes((options.seed() + "|aws/s3|" + accountId + "|" + region)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return "arn:" + partition + ":kms:" + region + ":" + accountId + ":key/" + id;
    }

    /** A new S3 version ID: 32 URL-safe characters, reproducible for a seed and sequence of writes. */
    public String s3VersionId() {
        long n = idCounter.incrementAndGet();
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (options.seed() + "|s3-version|" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- SNS helpers

    public String topicArn(String region, String accountId, String name) {
        return "arn:" + partition + ":sns:" + region + ":" + accountId + ":" + name;
    }

    public Optional<Topic> topic(String arn) {
        return Optional.ofNullable(topicsByArn.get(arn));
    }

    /** Adds a topic unless one with the ARN exists; returns the topic in force. */
    public Topic putTopic(Topic topic) {
        Topic existing = topicsByArn.putIfAbsent(topic.arn(), topic);
        if (existing != null) {
            return existing;
        }
        topicsByAccount.computeIfAbsent(topic.accountId(), k -> new ConcurrentSkipListMap<>()).put(topic.arn(), topic);
        return topic;
    }

    /** An account's topics in one region, sorted by ARN. */
    public List<Topic> topics(String accountId, String region) {
        var map = topicsByAccount.get(accountId);
        if (map == null) {
            return List.of();
        }
        return map.values().stream().filter(t -> t.region().equals(region)).toList();
    }

    public List<Topic> allTopics() {
        return List.copyOf(topicsByArn.values());
    }

    public ConcurrentHashMap<String, Subscription> subscriptions() {
        return subscriptions;
    }

    public void recordMessage(PublishedMessage message) {
        messages.add(message);
    }

    public List<PublishedMessage> messages() {
        return List.copyOf(messages);
    }

    public void clearMessages() {
        messages.clear();
    }

    // ---------------------------------------------------------------- call log

    public void recordCall(CallRecord call) {
        calls.add(call);
    }

    /**
     * Counts a request under {@code <service>:<Action>} (unknown parts as {@code ?}), with its error code if any. The
     * counts are kept even when the call log is off, and cost one map lookup per request.
     */
    public void countCall(String service, String action, String errorCode) {
        countCall(service, action, errorCode, 0);
    }

    /**
     * As {@link #countCall(String, String, String)}, also counting the SDK's attempt number of the request (from its
     * {@code amz-sdk-request} header; 0 when absent) under {@code attempt=<n>}: how far retries had to go.
     */
    public void countCall(String service, String action, String errorCode, int attempt) {
        String operation = (service == null ? "?" : service) + ":" + (action == null ? "?" : action);
        var counts = callCounts.computeIfAbsent(operation, k -> new ConcurrentHashMap<>());
        counts.computeIfAbsent(CALLS, k -> new LongAdder()).increment();
        if (errorCode != null) {
            counts.computeIfAbsent(errorCode, k -> new LongAdder()).increment();
        }
        if (attempt > 0) {
            counts.computeIfAbsent(ATTEMPT + attempt, k -> new LongAdder()).increment();
        }
    }

    /**
     * Requests received per {@code <service>:<Action>}, sorted: {@code "calls"} is every request, {@code attempt=<n>}
     * the requests that were the SDK's n-th attempt, each other key an error code and how many requests ended with it.
     */
    public Map<String, Map<String, Long>> callCounts() {
        var out = new java.util.TreeMap<String, Map<String, Long>>();
        callCounts.forEach((operation, counts) -> {
            var snapshot = new java.util.TreeMap<String, Long>();
            counts.forEach((key, adder) -> snapshot.put(key, adder.sum()));
            out.put(operation, snapshot);
        });
        return out;
    }

    public List<CallRecord> calls() {
        return List.copyOf(calls);
    }

    /** Empties the call log and the counts. */
    public void clearCalls() {
        calls.clear();
        callCounts.clear();
    }

    public List<String> accountIds() {
        return List.copyOf(iamAccounts.keySet());
    }
}
