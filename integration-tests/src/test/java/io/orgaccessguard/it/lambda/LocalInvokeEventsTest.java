package io.orgaccessguard.it.lambda;

import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.it.support.Trees;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.it.EventFilesTest;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.EnvVarsFile;
import io.orgaccessguard.localinvoke.InvokeRequest;
import io.orgaccessguard.localinvoke.InvokeResult;
import io.orgaccessguard.localinvoke.LocalInvoke;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.testsupport.EventFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code events/} run the way {@code sam local invoke -e <file> --env-vars env.json <Function>} runs it:
 * the function from {@code template.yaml} (trigger events: {@code JoinEventFunction}; {@code manual-*}:
 * {@code ManualCheckFunction}) laid out as {@code sam build} lays it out, in a fresh JVM, through the real Lambda
 * runtime interface client, against the emulator named by {@code AWS_ENDPOINT_URL} in a SAM env-vars file. The SDK
 * finds the emulator by itself: nothing in the function knows it is not in AWS.
 */
class LocalInvokeEventsTest {

    /** Shared by every test JVM run of this class; outside the module's sources, swept by {@code mvn clean}. */
    private static final Path BUILD_DIR = Path.of("target", "sam-build").toAbsolutePath();
    /** Other classes of this package invoke from the same layout; one build per test JVM serves them all. */
    private static boolean built;

    @BeforeAll
    static synchronized void buildOnce() throws IOException {
        if (built) {
            return;
        }
        Path template = Repo.root().resolve("template.yaml");
        SamTemplate sam = SamTemplate.load(template);
        assertThat(sam.function("ManualCheckFunction").codeDirectory())
                .as("both functions build from one CodeUri, so one build serves both (as sam build does)")
                .isEqualTo(sam.function("JoinEventFunction").codeDirectory());
        // Resolves the template and environment, then builds like sam build: mvn clean install + copy-dependencies.
        LocalInvoke.prepare(request("JoinEventFunction", "{}", EnvVarsFile.parse(
                "{\"Parameters\": {\"NOTIFICATION_TOPIC_ARN\": \"" + TOPIC_ARN + "\", \"FUNCTION_ROLE_ARNS\": \"\","
                        + " \"STATUS_TABLE_NAME\": \"" + Fixtures.STATUS_TABLE + "\", \"ARTIFACT_BUCKET\": \"\","
                        + " \"ORGANIZATION_ID\": \"\"}}"),
                line -> { })
                .skipBuild(false).logSink(System.out::println).build());
        Trees.replace(BUILD_DIR.resolve("JoinEventFunction"), BUILD_DIR.resolve("ManualCheckFunction"));
        built = true;
    }

    static Stream<String> eventFiles() {
        return EventFiles.names().stream();
    }

    @ParameterizedTest
    @MethodSource("eventFiles")
    void eventFile_runThroughTheRuntimeInterfaceClient_producesTheExpectedOutcomes(String file, @TempDir Path dir)
            throws IOException {
        String function = file.startsWith("manual-") ? "ManualCheckFunction" : "JoinEventFunction";
        List<String> log = new CopyOnWriteArrayList<>();
        try (AwsEmulator aws = AwsEmulator.start(EmulatorOptions.builder().seed(7).build(),
                Accounts.organization(EVENT_TIME.minus(Duration.ofMinutes(1))).build())) {
            Path envVars = dir.resolve("env.json");
            Files.writeString(envVars, envVarsFile(aws), StandardCharsets.UTF_8);

            InvokeResult result = LocalInvoke.invoke(request(function, EventFiles.read(file), EnvVarsFile.read(envVars),
                    log::add).build());

            System.out.println("[local-invoke] " + function + " " + file + ": " + result.reportLine());
            assertThat(log).as("the function's log").anySatisfy(line -> assertThat(line).startsWith("REPORT RequestId: "));
            assertThat(result.status()).as("%s: %s %s\n%s", file, result.errorType(), result.errorMessage(),
                    String.join("\n", log)).isEqualTo(InvokeResult.Status.SUCCESS);
            assertThat(result.initDuration()).as("a fresh JVM: the invocation is a cold start").isPresent();

            @SuppressWarnings("unchecked")
            Report report = new Report((Map<String, Object>) Json.parse(result.responseJson()));
            Map<String, String> expected = EventFilesTest.EXPECTED.get(file);
            assertThat(expected).as("EventFilesTest.EXPECTED has %s", file).isNotNull();
            assertThat(report.results()).hasSize(expected.size());
            expected.forEach((account, outcome) -> assertThat(report.outcome(account)).as(account).isEqualTo(outcome));
            assertThat(aws.calls()).as("the function reached the emulator through AWS_ENDPOINT_URL")
                    .anySatisfy(call -> assertThat(call.callerArn()).contains(":assumed-role/" + FUNCTION_ROLE + "/"));
        }
    }

    /**
     * The {@code --env-vars} file: the emulator's endpoint, the region, the function role's session credentials in
     * the management account, and the values of what only a deployment knows ({@code !Ref AlertTopic}).
     */
    static String envVarsFile(AwsEmulator aws) {
        AwsCredentials role = aws.credentialsForRole(MANAGEMENT_ACCOUNT_ID, FUNCTION_ROLE, "org-access-guard");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        all.put("AWS_REGION", "us-east-1");
        all.put("AWS_ACCESS_KEY_ID", role.accessKeyId());
        all.put("AWS_SECRET_ACCESS_KEY", role.secretAccessKey());
        all.put("AWS_SESSION_TOKEN", role.sessionToken().orElseThrow());
        all.put("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        // !GetAtt of the functions' roles is known only to a deployment, as the topic is: given as sam local would be.
        all.put("FUNCTION_ROLE_ARNS", "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/" + FUNCTION_ROLE);
        all.put("STATUS_TABLE_NAME", Fixtures.STATUS_TABLE);
        // The stack's bucket and the organization its policy admits, as a deployment sets them.
        all.put("ARTIFACT_BUCKET", Fixtures.ARTIFACT_BUCKET);
        all.put("ORGANIZATION_ID", Fixtures.ORGANIZATION_ID);
        // The emulator serves buckets by path; the SDK has no variable for that, the function has its own.
        all.put("S3_FORCE_PATH_STYLE", "true");
        return Json.write(Map.of("Parameters", all));
    }

    /** The invocation as sam local invoke --parameter-overrides would configure it for the fixture organization. */
    static InvokeRequest.Builder request(String function, String event, EnvVarsFile envVars,
                                         java.util.function.Consumer<String> log) {
        return request(Repo.root().resolve("template.yaml"), function, event, envVars, log);
    }

    /** The same invocation, of a function as another template (a variant of ours) declares it. */
    static InvokeRequest.Builder request(Path template, String function, String event, EnvVarsFile envVars,
                                         java.util.function.Consumer<String> log) {
        return InvokeRequest.builder(template, function)
                .event(event)
                .envVars(envVars)
                .parameterOverride("BootstrapRoleNames", BOOTSTRAP_ROLE)
                .parameterOverride("RolePropagationWaitSeconds", "5")
                .buildDir(BUILD_DIR)
                .skipBuild(true)
                .accountId(MANAGEMENT_ACCOUNT_ID)
                .callerEnvironment(Map.of())
                .logSink(line -> {
                    log.accept(line);
                    System.out.println(line);
                });
    }

}
