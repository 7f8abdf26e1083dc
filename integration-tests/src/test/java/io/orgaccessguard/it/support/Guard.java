package io.orgaccessguard.it.support;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.handler.JoinEventHandler;
import io.orgaccessguard.handler.ManualCheckHandler;
import io.orgaccessguard.handler.ServiceFactory;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The function as Lambda would run it (its real handlers, service and SDK clients) against the wire-level emulator,
 * calling AWS as the function's execution role in the management account.
 */
public final class Guard implements AutoCloseable {

    /** A short propagation wait keeps tests quick; tests about the wait set their own. */
    public static final Map<String, String> BASE_ENV = Map.of(
            GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE,
            GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN,
            GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "5",
            GuardConfig.STATUS_TABLE_NAME, Fixtures.STATUS_TABLE);

    private final AwsEmulator aws;
    private final AwsClients clients;
    private final AwsCredentials functionCredentials;
    private final Map<String, String> env;
    private volatile TestContext lastContext = new TestContext();

    private Guard(AwsEmulator aws, AwsClients clients, AwsCredentials functionCredentials, Map<String, String> env) {
        this.aws = aws;
        this.clients = clients;
        this.functionCredentials = functionCredentials;
        this.env = env;
    }

    public static Guard start(OrganizationSeed seed) {
        return start(seed, EmulatorOptions.builder().seed(7).build(), Map.of());
    }

    public static Guard start(OrganizationSeed seed, EmulatorOptions options, Map<String, String> envOverrides) {
        return start(seed, options, envOverrides, UnaryOperator.identity());
    }

    /**
     * As {@link #start(OrganizationSeed, EmulatorOptions, Map)}, with the function's clients sent to the endpoint
     * {@code route} makes of the emulator's (a recording proxy in front of it, say).
     */
    public static Guard start(OrganizationSeed seed, EmulatorOptions options, Map<String, String> envOverrides,
                              UnaryOperator<URI> route) {
        AwsEmulator aws = AwsEmulator.start(options, seed);
        AwsCredentials role = aws.credentialsForRole(Fixtures.MANAGEMENT_ACCOUNT_ID, Fixtures.FUNCTION_ROLE,
                "org-access-guard");
        var credentials = AwsSessionCredentials.create(role.accessKeyId(), role.secretAccessKey(),
                role.sessionToken().orElseThrow());
        AwsClients clients = AwsClients.forEndpoint(route.apply(aws.endpoint()), Region.US_EAST_1,
                StaticCredentialsProvider.create(credentials), true);
        var env = new HashMap<>(BASE_ENV);
        env.putAll(envOverrides);
        return new Guard(aws, clients, role, env);
    }

    public AwsEmulator aws() {
        return aws;
    }

    /** The same emulator and clients with other configuration (a fresh function instance). */
    public Guard with(Map<String, String> envOverrides) {
        var changed = new HashMap<>(env);
        changed.putAll(envOverrides);
        return new Guard(aws, clients, functionCredentials, changed);
    }

    /** The credentials the function runs with (its execution role's session). */
    public AwsCredentials functionCredentials() {
        return functionCredentials;
    }

    /** Invokes the EventBridge handler; its exceptions (a failed join) propagate as Lambda would report them. */
    public Report joinEvent(String eventJson) {
        return joinEvent(eventJson, new TestContext());
    }

    /** Invokes the EventBridge handler with this context (each concurrent invocation gets its own). */
    public Report joinEvent(String eventJson, TestContext context) {
        var handler = new JoinEventHandler(ServiceFactory.create(GuardConfig.from(env), clients));
        lastContext = context;
        return invoke(eventJson, (in, out) -> handler.handleRequest(in, out, context));
    }

    /** Invokes the manual-check handler. */
    public Report manual(String requestJson) {
        return manual(requestJson, new TestContext());
    }

    public Report manual(String requestJson, TestContext context) {
        GuardConfig config = GuardConfig.from(env);
        var handler = new ManualCheckHandler(ServiceFactory.create(config, clients), config);
        lastContext = context;
        return invoke(requestJson, (in, out) -> handler.handleRequest(in, out, context));
    }

    /** What the status table records for the account ({@code status}, {@code since}, {@code notifiedAt}, ...). */
    public Optional<Map<String, Object>> status(String accountId) {
        return aws.dynamoItems(Fixtures.MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE).stream()
                .filter(item -> ("account#" + accountId).equals(item.get("pk")) && "status".equals(item.get("sk")))
                .findFirst();
    }

    /** Records a status by hand, as an earlier run would have. */
    public void recordStatus(String accountId, Map<String, String> attributes) {
        var item = new java.util.LinkedHashMap<String, Object>(attributes);
        item.put("pk", "account#" + accountId);
        item.put("sk", "status");
        aws.putDynamoItem(Fixtures.MANAGEMENT_ACCOUNT_ID, Fixtures.STATUS_TABLE, item);
    }

    public TestContext lastContext() {
        return lastContext;
    }

    private static Report invoke(String payload, Invocation invocation) {
        var output = new ByteArrayOutputStream();
        try {
            invocation.run(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(output.toString(StandardCharsets.UTF_8));
        return new Report(json);
    }

    @FunctionalInterface
    private interface Invocation {
        void run(java.io.InputStream in, java.io.OutputStream out) throws IOException;
    }

    @Override
    public void close() {
        clients.close();
        aws.close();
    }
}
