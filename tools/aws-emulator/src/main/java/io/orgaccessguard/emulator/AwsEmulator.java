package io.orgaccessguard.emulator;

import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.CredentialStore;
import io.orgaccessguard.emulator.auth.IssuedSession;
import io.orgaccessguard.emulator.dynamodb.DynamoDbHandler;
import io.orgaccessguard.emulator.dynamodb.DynamoItems;
import io.orgaccessguard.emulator.dynamodb.DynamoTable;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.http.AdminApi;
import io.orgaccessguard.emulator.http.EmulatorServer;
import io.orgaccessguard.emulator.iam.IamHandler;
import io.orgaccessguard.emulator.organizations.OrganizationsHandler;
import io.orgaccessguard.emulator.s3.S3Bucket;
import io.orgaccessguard.emulator.s3.S3Handler;
import io.orgaccessguard.emulator.s3.S3Object;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.sns.SnsHandler;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.Role;
import io.orgaccessguard.emulator.sts.StsHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local AWS (STS, IAM, Organizations, SNS, DynamoDB, S3) on one HTTP port, for the real SDK clients:
 *
 * <pre>{@code
 * try (AwsEmulator aws = AwsEmulator.start(EmulatorOptions.builder().seed(42).build(), seed)) {
 *     IamClient iam = IamClient.builder().endpointOverride(aws.endpoint()).region(Region.AWS_GLOBAL)
 *             .credentialsProvider(...aws.credentialsFor("111111111111")...).build();
 * }
 * }</pre>
 */
public final class AwsEmulator implements AutoCloseable {

    private final EmulatorState state;
    private final Faults faults;
    private final StsHandler sts;
    private final AdminApi admin;
    private final EmulatorServer server;

    private AwsEmulator(EmulatorOptions options, OrganizationSeed seed) {
        this.state = new EmulatorState(options, seed);
        this.faults = new Faults(options);
        var authorizer = new Authorizer(state);
        this.sts = new StsHandler(state, authorizer);
        this.admin = new AdminApi(state);
        this.server = new EmulatorServer(state, faults, List.of(sts, new IamHandler(state, authorizer),
                new OrganizationsHandler(state, authorizer), new SnsHandler(state, authorizer),
                new DynamoDbHandler(state, authorizer, faults), new S3Handler(state, authorizer)), admin,
                options.bindAddress());
    }

    /** Seeds the state and starts listening. */
    public static AwsEmulator start(EmulatorOptions options, OrganizationSeed seed) {
        var emulator = new AwsEmulator(options, seed);
        try {
            emulator.server.start(options.port());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + options.port(), e);
        }
        return emulator;
    }

    public static AwsEmulator start(OrganizationSeed seed) {
        return start(EmulatorOptions.defaults(), seed);
    }

    /** {@code http://127.0.0.1:<port>}: give it to {@code endpointOverride} or {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        String host = state.options().bindAddress();
        if ("0.0.0.0".equals(host)) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The seed's default region (where seeded topics live unless they name another). */
    public String region() {
        return state.defaultRegion();
    }

    public String partition() {
        return state.partition();
    }

    public String organizationId() {
        return state.organization().id();
    }

    public String managementAccountId() {
        return state.organization().managementAccountId();
    }

    /** The long-term key pair of the account's admin user ({@code user/emulator-admin}, allowed everything). */
    public AwsCredentials credentialsFor(String accountId) {
        CredentialStore.LongTermKey key = state.credentials().adminKey(accountId)
                .orElseThrow(() -> new IllegalArgumentException("Unknown account " + accountId));
        return AwsCredentials.longTerm(key.accessKeyId(), key.secretAccessKey());
    }

    /**
     * Temporary credentials of a session of an existing role, issued as AssumeRole would but without any trust check
     * (to play, say, the Lambda execution role in the management account). Valid for one hour of emulator time.
     */
    public AwsCredentials credentialsForRole(String accountId, String roleName, String sessionName) {
        Role role = state.iamIfKnown(accountId).flatMap(iam -> iam.role(roleName))
                .orElseThrow(() -> new IllegalArgumentException("No role " + roleName + " in account " + accountId));
        IssuedSession session = sts.issue(role, sessionName, Duration.ofHours(1), null, List.of(), Map.of());
        return new AwsCredentials(session.accessKeyId(), session.secretAccessKey(),
                Optional.of(session.sessionToken()), Optional.of(session.expiration()));
    }

    /** Every request received so far, in arrival order. */
    public List<CallRecord> calls() {
        return state.calls();
    }

    /**
     * Requests per {@code <service>:<Action>}: {@code "calls"} counts all of them, {@code attempt=<n>} those that
     * were the SDK's n-th attempt (its {@code amz-sdk-request} header), every other key is an error code. Kept even
     * with the call log off ({@link EmulatorOptions.Builder#recordCalls}).
     */
    public Map<String, Map<String, Long>> callCounts() {
        return state.callCounts();
    }

    /** Empties the call log and the call counts. */
    public void clearCalls() {
        state.clearCalls();
    }

    /** Every message SNS accepted, in order. */
    public List<PublishedMessage> publishedMessages() {
        return state.messages();
    }

    public void clearPublishedMessages() {
        state.clearMessages();
    }

    /** A snapshot of a role, if it exists. */
    public Optional<RoleView> role(String accountId, String roleName) {
        return state.iamIfKnown(accountId).flatMap(iam -> iam.role(roleName)).map(r -> {
            var inline = new LinkedHashMap<String, String>();
            r.inlinePolicies().forEach((name, doc) -> inline.put(name, doc.json()));
            return new RoleView(r.accountId(), r.name(), r.path(), r.arn(), r.roleId(),
                    r.renderedTrust(state::currentRoleId), r.attachedPolicyArns(), inline, r.tags(), r.description(),
                    r.maxSessionDuration(), r.createdAt(), r.trustUpdatedAt(), r.permissionsBoundaryArn());
        });
    }

    /** The Organizations tags of an account (empty when none). */
    public Map<String, String> accountTags(String accountId) {
        return state.organization().tags(accountId);
    }

    // ---------------------------------------------------------------- DynamoDB

    /**
     * Every item of an account's table (in any region; the name must be unambiguous), in key order, as plain Java
     * values (see {@link DynamoItems}: S is a String, N a BigDecimal, M a Map, ...).
     */
    public List<Map<String, Object>> dynamoItems(String accountId, String tableName) {
        return table(accountId, tableName).items().stream().map(DynamoItems::toJava).toList();
    }

    /** Every item of a table in DynamoDB's wire JSON ({@code {"pk":{"S":"a"},...}}), in key order. */
    public List<String> dynamoItemsJson(String accountId, String tableName) {
        return table(accountId, tableName).items().stream().map(Object::toString).toList();
    }

    /** Stores an item (plain Java values, as {@link #dynamoItems} returns them), validated as PutItem would. */
    public void putDynamoItem(String accountId, String tableName, Map<String, ?> item) {
        DynamoDbHandler.store(table(accountId, tableName), DynamoItems.fromJava(item));
    }

    private DynamoTable table(String accountId, String tableName) {
        List<DynamoTable> found = state.tables().stream()
                .filter(t -> t.accountId().equals(accountId) && t.name().equals(tableName)).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.isEmpty() ? "No table " + tableName + " in account " + accountId
                    : "Table " + tableName + " of " + accountId + " exists in several regions");
        }
        return found.getFirst();
    }

    // ---------------------------------------------------------------- S3

    /** The current version of an object, if any. */
    public Optional<S3Object> s3Object(String bucket, String key) {
        return existingBucket(bucket).latest(key);
    }

    /** Every version of an object, oldest first (one at most in a bucket without versioning). */
    public List<S3Object> s3ObjectVersions(String bucket, String key) {
        return existingBucket(bucket).versions(key);
    }

    /**
     * Stores an object as the bucket owner's PutObject would (default encryption, a new version in a versioned
     * bucket), to seed content a test then reads through the SDK.
     */
    public S3Object putS3Object(String bucket, String key, byte[] body, String contentType) {
        S3Bucket b = existingBucket(bucket);
        String kmsKey = b.kmsKeyId();
        S3Object object = new S3Object(bucket, key, b.versioned() ? state.s3VersionId() : "null", body.clone(),
                contentType, S3Handler.etag(body, kmsKey), b.defaultEncryption(), kmsKey,
                kmsKey != null && b.bucketKeyEnabled(), state.now(), Map.of(), Map.of(), Map.of());
        b.store(object);
        return object;
    }

    private S3Bucket existingBucket(String bucket) {
        return state.bucket(bucket).orElseThrow(() -> new IllegalArgumentException("No bucket " + bucket));
    }

    /** Scripted faults: {@code faults().failNext("iam", "CreateRole", 2, "ServiceFailure", 500)}. */
    public Faults faults() {
        return faults;
    }

    /** Moves the emulator's clock forward: sessions expire and IAM propagation completes without waiting. */
    public void advanceClock(Duration duration) {
        state.clock().advance(duration);
    }

    /** The JSON that {@code GET /_emulator/state} answers. */
    public String stateJson() {
        return admin.state(null).toString();
    }

    /** Stops and restarts the HTTP listener on the same port, keeping all state (a mid-run emulator restart). */
    public void restart() {
        try {
            server.restart();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen again on port " + server.port(), e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
