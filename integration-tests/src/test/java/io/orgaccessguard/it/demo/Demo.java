package io.orgaccessguard.it.demo;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.handler.ManualCheckHandler;
import io.orgaccessguard.handler.ServiceFactory;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import io.orgaccessguard.emulator.s3.S3Object;
import io.orgaccessguard.notify.directory.AccessDirectoryPage;
import io.orgaccessguard.notify.directory.AccountsJson;
import io.orgaccessguard.notify.directory.AwsConfigFile;
import io.orgaccessguard.notify.directory.SwitchRolesConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's first command: the function end to end on the emulator seeded with the demo organization (one
 * account of each kind), printing each account's outcome and the notifications that would be sent, then copying the
 * access directory the run wrote (the page, {@code aws-config}, the extension's configuration, {@code accounts.json})
 * from the emulator's bucket to {@code target/demo-directory/} and printing their paths.
 *
 * <p>The SDK finds the emulator the way it would find LocalStack or moto: through its own endpoint, region and
 * credential settings (here the {@code aws.*} system properties, equivalent to {@code AWS_ENDPOINT_URL} and friends),
 * so the clients are built exactly as in Lambda.
 */
public final class Demo {

    /** The demo organization's artifact bucket (demo-organization.json). */
    static final String DEMO_BUCKET = "org-access-guard-demo-artifacts";
    static final List<String> DIRECTORY_KEYS = List.of(AccessDirectoryPage.OBJECT_KEY, AwsConfigFile.OBJECT_KEY,
            SwitchRolesConfig.OBJECT_KEY, AccountsJson.OBJECT_KEY);

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        OrganizationSeed seed = OrganizationSeed.demo();
        try (AwsEmulator aws = AwsEmulator.start(EmulatorOptions.builder().seed(1)
                .propagationDelay(Duration.ofSeconds(2)).build(), seed)) {
            AwsCredentials functionRole = aws.credentialsForRole(seed.managementAccountId(),
                    Fixtures.FUNCTION_ROLE, "org-access-guard");
            System.setProperty("aws.endpointUrl", aws.endpoint().toString());
            System.setProperty("aws.region", "us-east-1");
            System.setProperty("aws.accessKeyId", functionRole.accessKeyId());
            System.setProperty("aws.secretAccessKey", functionRole.secretAccessKey());
            System.setProperty("aws.sessionToken", functionRole.sessionToken().orElseThrow());

            // As a deployed stack: an artifact bucket, so alerts lead with quick-create links and the run writes the
            // access directory.
            GuardConfig config = GuardConfig.from(Map.of(
                    GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE,
                    GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN,
                    GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "20",
                    GuardConfig.ARTIFACT_BUCKET, DEMO_BUCKET,
                    GuardConfig.ORGANIZATION_ID, seed.organizationId()));
            String request = "{\"all\": true, \"notify\": \"each\"}";
            System.out.println("org-access-guard demo: emulator at " + aws.endpoint() + ", organization "
                    + seed.organizationId() + ", management account " + seed.managementAccountId());
            System.out.println("invoking the manual-check handler with " + request + "\n");

            try (AwsClients clients = AwsClients.fromEnvironment(config.s3ForcePathStyle())) {
                var handler = new ManualCheckHandler(ServiceFactory.create(config, clients), config);
                var output = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), output,
                        new TestContext());
                printResults(output.toString(StandardCharsets.UTF_8));
            }
            printNotifications(aws.publishedMessages());
            saveDirectory(aws, Path.of(args.length > 0 ? args[0] : ".").resolve("target").resolve("demo-directory"));
        }
    }

    /** The access directory the run wrote to the bucket, copied to {@code folder} for a person to open. */
    private static void saveDirectory(AwsEmulator aws, Path folder) throws IOException {
        Files.createDirectories(folder);
        System.out.println("\n==================================================================");
        System.out.println("The access directory, as the run wrote it to s3://" + DEMO_BUCKET + "/ (open the page in a"
                + " browser):");
        for (String key : DIRECTORY_KEYS) {
            Optional<S3Object> object = aws.s3Object(DEMO_BUCKET, key);
            if (object.isEmpty()) {
                System.out.println("  (not written: " + key + ")");
                continue;
            }
            Path file = folder.resolve(key).toAbsolutePath().normalize();
            Files.writeString(file, object.get().bodyAsString(), StandardCharsets.UTF_8);
            System.out.println("  " + file);
        }
    }

    @SuppressWarnings("unchecked")
    private static void printResults(String response) {
        var report = (Map<String, Object>) Json.parse(response);
        System.out.printf("%-14s %-20s %-20s %s%n", "ACCOUNT", "NAME", "OUTCOME", "REASON");
        for (Object item : (List<Object>) report.get("results")) {
            var result = (Map<String, Object>) item;
            System.out.printf("%-14s %-20s %-20s %s%n", result.get("accountId"), result.get("accountName"),
                    result.get("outcome"), result.get("reason"));
        }
        System.out.println("\nsummary: " + report.get("summary"));
    }

    @SuppressWarnings("unchecked")
    private static void printNotifications(List<PublishedMessage> messages) {
        System.out.println("\n" + messages.size() + " notification(s) published to " + Fixtures.TOPIC_ARN);
        for (PublishedMessage message : messages) {
            var body = (Map<String, Object>) Json.parse(message.message());
            System.out.println("\n==================================================================");
            System.out.println("Subject: " + message.subject());
            System.out.println("Attributes: " + message.attributes());
            System.out.println("------------------------------------------------------------------");
            System.out.println(body.get("default"));
        }
    }
}
