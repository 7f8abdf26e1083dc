package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.check.Organization;
import io.orgaccessguard.check.RunReport;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.trigger.Trigger;
import io.orgaccessguard.trigger.TriggerEventParser;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.regions.Region;

/**
 * SnapStart priming. Lambda initialises a published version once, snapshots it, and starts the {@code live} alias
 * from that snapshot, so whatever the first event would load, initialise and compile is better done before the
 * snapshot: {@link #beforeCheckpoint} runs a join's two common paths ({@code ACCESS_VERIFIED} and
 * {@code ROLE_CREATED}, with the configured notification) through the handler's own code and a second set of clients
 * that talk to {@link PrimingAws} on a loopback port, then sends one request through each client the handlers use,
 * to the same stand-in. The SDK's endpoint rules, marshalling, signing, HTTP client and unmarshalling, and our event
 * parsing, checks and messages, are then loaded and compiled when the snapshot is taken.
 *
 * <p>Nothing leaves the sandbox and no credential is resolved: every priming request carries fixed fake credentials,
 * so the snapshot holds no session and no connection (the stand-in closes each one). Priming must never stop a
 * deployment: any failure is logged and the snapshot taken anyway, only less warm.
 *
 * <p>Registered only when Lambda initialises for a snapshot ({@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), so an
 * on-demand start (the {@code $LATEST} version, partitions without SnapStart) pays nothing for it.
 */
final class SnapStartPriming implements Resource {

    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String SNAP_START = "snap-start";

    /** The runtime's context holds resources weakly: these are kept for the life of the JVM. */
    private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

    private static final AwsBasicCredentials FAKE_CREDENTIALS = AwsBasicCredentials.create("AKIDPRIMING", "priming");

    /** A join as EventBridge delivers it, read by the same parser as a real one. */
    private static final String SAMPLE_EVENT = """
            {"version":"0","id":"00000000-0000-0000-0000-000000000000","detail-type":"AWS Service Event via CloudTrail",
             "source":"aws.organizations","account":"000000000000","time":"2024-01-01T00:00:00Z","region":"us-east-1",
             "resources":[],"detail":{"eventVersion":"1.11","eventSource":"organizations.amazonaws.com",
             "eventName":"AccountJoinedOrganization","eventType":"AwsServiceEvent","eventTime":"2024-01-01T00:00:00Z",
             "serviceEventDetails":{"accountId":"000000000002","joinedMethod":"Invited",
             "joinedTimestamp":"2024-01-01T00:00:00Z"}}}""";

    private final GuardConfig config;
    private final AwsClients clients;

    SnapStartPriming(GuardConfig config, AwsClients clients) {
        this.config = config;
        this.clients = clients;
    }

    /** Registers priming of these clients when this JVM is initialised for a SnapStart snapshot. */
    static void registerIfSnapStart(GuardConfig config, AwsClients clients) {
        if (SNAP_START.equals(System.getenv(INITIALIZATION_TYPE))) {
            SnapStartPriming priming = new SnapStartPriming(config, clients);
            REGISTERED.add(priming);
            Core.getGlobalContext().register(priming);
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            prime();
            log("SnapStart priming took " + (System.nanoTime() - start) / 1_000_000 + " ms", LogLevel.INFO);
        } catch (Exception | LinkageError e) {
            log("SnapStart priming failed, the snapshot is taken less warm: " + e, LogLevel.WARN);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the clients resolve credentials and open connections on first use after the restore.
    }

    /**
     * Runs the priming; package-private so that tests can run it without a checkpoint.
     *
     * @return the report of the handler's run on the stand-in (one account verified, one created)
     */
    RunReport prime() throws Exception {
        Region region = SdkSystemSetting.AWS_REGION.getStringValue().filter(r -> !r.isBlank()).map(Region::of)
                .orElse(Region.US_EAST_1);
        String partition = region.metadata() == null ? "aws" : region.metadata().partition().id();
        List<String> policies = config.accessPolicyArns(new Organization(PrimingAws.ORGANIZATION_ID,
                PrimingAws.MANAGEMENT, partition));
        RunReport report;
        try (PrimingAws aws = PrimingAws.start(partition, config.accessRoleName(), policies)) {
            // 1. The handler's code on both paths, with clients of their own (the same configuration) on the stand-in.
            try (AwsClients offline = AwsClients.forEndpoint(aws.endpoint(), region,
                    StaticCredentialsProvider.create(FAKE_CREDENTIALS))) {
                var service = ServiceFactory.create(config, offline);
                Trigger parsed = TriggerEventParser.parse(
                        EventInput.read(new ByteArrayInputStream(SAMPLE_EVENT.getBytes(StandardCharsets.UTF_8))));
                Trigger.AccountJoined sample = (Trigger.AccountJoined) parsed;
                Trigger both = new Trigger.AccountJoined(sample.eventName(),
                        List.of(PrimingAws.WITH_ROLE, PrimingAws.WITHOUT_ROLE), Optional.empty(),
                        sample.joinedMethod(), Instant.now());
                report = service.onEvent(both, new LambdaRunLog(QUIET), Duration.ofMinutes(2));
                EventInput.write(OutputStream.nullOutputStream(), report.toJson());
            }
            // 2. One request through each client the handlers hold, so their own first-use work is done as well.
            Consumer<AwsRequestOverrideConfiguration.Builder> offline = o -> o
                    .credentialsProvider(StaticCredentialsProvider.create(FAKE_CREDENTIALS))
                    .addPlugin(c -> c.endpointOverride(aws.endpoint()));
            clients.organizations().describeOrganization(r -> r.overrideConfiguration(offline));
            clients.sts().assumeRole(r -> r.roleArn("arn:" + partition + ":iam::" + PrimingAws.WITH_ROLE + ":role/"
                    + config.accessRoleName()).roleSessionName("org-access-guard-priming")
                    .overrideConfiguration(offline));
            if (config.notificationTopicArn().isPresent()) {
                clients.sns().publish(r -> r.topicArn(config.notificationTopicArn().get()).message("priming")
                        .overrideConfiguration(offline));
            }
        }
        return report;
    }

    private static void log(String message, LogLevel level) {
        LambdaRuntime.getLogger().log(message, level);
    }

    /** Priming's account results go nowhere: they are not the function's. */
    private static final LambdaLogger QUIET = new LambdaLogger() {
        @Override
        public void log(String message) {
        }

        @Override
        public void log(byte[] message) {
        }

        @Override
        public void log(String message, LogLevel level) {
        }
    };
}
