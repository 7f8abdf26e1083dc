package io.orgaccessguard.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Invokes the fixture functions through the real runtime interface client in fresh JVMs. */
class LocalInvokeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT = "REPORT RequestId: [0-9a-f-]{36}\tDuration: \\d+\\.\\d{2} ms\tBilled Duration: "
            + "\\d+ ms\tMemory Size: %d MB\tMax Memory Used: \\d+ MB";

    @BeforeAll
    static void build() {
        Fixture.build();
    }

    /** Runs the command line, capturing stdout and stderr. */
    private record Cli(int exit, String out, String err) {
        static Cli run(String... args) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = LocalInvoke.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            Cli cli = new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            System.err.println(cli.err.indent(2));
            return cli;
        }
    }

    private static String[] args(Path event, String function, String... more) {
        List<String> args = new ArrayList<>(List.of("--template", Fixture.TEMPLATE.toString(), "--function", function,
                "--event", event.toString(), "--build-dir", Fixture.BUILD_DIR.toString(), "--skip-build"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void echoFromTheCommandLinePrintsTheResponseAndTheReportLine(@TempDir Path dir) throws IOException {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"hello\":\"world\",\"n\":[1,2,3]}");
        Path env = Files.writeString(dir.resolve("env.json"), """
                {"Parameters": {"AWS_SECRET_ACCESS_KEY": "cli-secret-value-123", "AWS_ACCESS_KEY_ID": "AKIACLI"}}
                """);
        Cli cli = Cli.run(args(event, "EchoFunction", "--env-vars", env.toString(), "--print-env"));
        assertThat(cli.exit).isZero();
        assertThat(cli.out.strip()).isEqualTo("{\"hello\":\"world\",\"n\":[1,2,3]}");
        assertThat(cli.err).containsPattern(String.format(REPORT, 512) + "\tInit Duration: \\d+\\.\\d{2} ms\n");
        assertThat(cli.err).containsPattern("START RequestId: [0-9a-f-]{36} Version: \\$LATEST");
        assertThat(cli.err).containsPattern("\necho [0-9a-f-]{36}\n"); // context.getLogger().log(), no newline
        assertThat(cli.err).contains("AWS_SECRET_ACCESS_KEY=****", "AWS_ACCESS_KEY_ID=AKIACLI")
                .doesNotContain("cli-secret-value-123");
    }

    @Test
    void warmInvocationsReuseTheJvm() {
        EnvVarsFile env = EnvVarsFile.parse("{\"MapFunction\": {\"TOPIC_ARN\": \"arn:aws:sns:us-east-1:123456789012:t\"}}");
        InvokeRequest request = Fixture.request("MapFunction").envVars(env).build();
        try (FunctionInstance instance = LocalInvoke.start(request)) {
            InvokeResult cold = instance.invoke("{\"n\":1}");
            InvokeResult warm = instance.invoke("{\"n\":2}");
            System.err.printf("MapFunction cold: init %.1f ms, duration %.1f ms; warm: %.1f ms%n",
                    cold.initDurationMs(), cold.durationMs(), warm.durationMs());
            assertThat(cold.isSuccess()).as(cold.toString()).isTrue();
            assertThat(cold.initDurationMs()).isPositive();
            assertThat(warm.initDurationMs()).isNull();
            assertThat(warm.reportLine()).matches(String.format(REPORT, 256));
            JsonNode first = json(cold.responseJson());
            JsonNode second = json(warm.responseJson());
            assertThat(first.get("invocation").asInt()).isEqualTo(1);
            assertThat(second.get("invocation").asInt()).isEqualTo(2);
            assertThat(second.get("received").get("n").asInt()).isEqualTo(2);
            assertThat(first.get("requestId").asText()).isEqualTo(cold.requestId());
            assertThat(first.get("functionName").asText()).isEqualTo("local-map-dev");
            assertThat(first.get("functionVersion").asText()).isEqualTo("1");
            assertThat(first.get("invokedFunctionArn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:local-map-dev:live");
            assertThat(first.get("memoryLimitInMB").asInt()).isEqualTo(256);
            assertThat(first.get("remainingTimeInMillis").asLong()).isBetween(1L, 10_000L);
            assertThat(first.get("greeting").asText()).isEqualTo("hello from us-east-1");
            assertThat(first.get("topicArn").asText()).isEqualTo("arn:aws:sns:us-east-1:123456789012:t");
            assertThat(first.get("shared").asText()).isEqualTo("from-function");
            assertThat(first.get("traceHeader").asText()).startsWith("Root=1-");
            assertThat(cold.logs()).contains("MapHandler got {\"n\":1}");
            assertThat(warm.logs()).contains("MapHandler got {\"n\":2}").doesNotContain("{\"n\":1}");
            assertThat(cold.maxMemoryUsedMb()).isPositive();
        }
    }

    @Test
    void aThrowingHandlerReportsItsErrorAndTheEnvironmentLivesOn() {
        try (FunctionInstance instance = LocalInvoke.start(Fixture.request("FailingFunction").build())) {
            InvokeResult result = instance.invoke("{\"reason\":\"bad input\"}");
            assertThat(result.status()).isEqualTo(InvokeResult.Status.FUNCTION_ERROR);
            assertThat(result.errorType()).isEqualTo("java.lang.IllegalStateException");
            assertThat(result.errorMessage()).isEqualTo("boom: bad input");
            assertThat(result.stackTrace()).anyMatch(l -> l.startsWith("fixture.FailingHandler.handleRequest"));
            assertThat(json(result.errorJson()).get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
            assertThat(result.logs()).contains("about to fail", "java.lang.IllegalStateException: boom: bad input");
            assertThat(instance.isAlive()).isTrue();
            assertThat(instance.invoke("{\"reason\":\"again\"}").errorMessage()).isEqualTo("boom: again");
        }
    }

    @Test
    void aSlowHandlerTimesOutAndItsJvmIsKilled() {
        try (FunctionInstance instance = LocalInvoke.start(Fixture.request("SleepyFunction").build())) {
            InvokeResult result = instance.invoke("{}");
            assertThat(result.status()).isEqualTo(InvokeResult.Status.TIMEOUT);
            assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(result.errorMessage()).endsWith("Task timed out after 1.00 seconds");
            assertThat(result.durationMs()).isEqualTo(1000.0);
            assertThat(result.reportLine()).endsWith("\tStatus: timeout");
            assertThat(result.logs()).contains("sleeping 60000 ms");
            assertThat(instance.isAlive()).isFalse();
            assertThatThrownBy(() -> instance.invoke("{}")).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void timeoutExitCodeFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"sleepMs\": 5000}");
        Cli cli = Cli.run(args(event, "SleepyFunction"));
        assertThat(cli.exit).isEqualTo(LocalInvoke.EXIT_TIMEOUT);
        assertThat(cli.out).contains("\"errorType\":\"Sandbox.Timedout\"");
        assertThat(cli.err).contains("Task timed out after 1.00 seconds");
    }

    @Test
    void theFunctionSeesLambdasEnvironmentAndJvm() {
        InvokeResult result = LocalInvoke.invoke(Fixture.request("EnvKeysFunction")
                .callerEnvironment(Map.of("SHOULD_NOT_LEAK", "x", "AWS_ACCESS_KEY_ID", "AKIAFIXTURE",
                        "AWS_SECRET_ACCESS_KEY", "fixture-secret"))
                .event("{\"show\": [\"AWS_LAMBDA_LOG_FORMAT\", \"AWS_LAMBDA_LOG_LEVEL\", \"STAGE\", \"TZ\", "
                        + "\"AWS_LAMBDA_INITIALIZATION_TYPE\"]}")
                .build());
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        JsonNode body = json(result.responseJson());
        TreeSet<String> keys = new TreeSet<>();
        body.get("keys").forEach(k -> keys.add(k.asText()));
        assertThat(keys).containsExactlyInAnyOrder(
                "API_TOKEN", "GREETING", "JAVA_TOOL_OPTIONS", "SHARED", "STAGE",
                "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
                "AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "AWS_LAMBDA_LOG_GROUP_NAME",
                "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT",
                "LANG", "PATH", "TZ", "_HANDLER");
        JsonNode values = body.get("values");
        assertThat(values.get("AWS_LAMBDA_LOG_FORMAT").asText()).isEqualTo("JSON");
        assertThat(values.get("AWS_LAMBDA_LOG_LEVEL").asText()).isEqualTo("DEBUG");
        assertThat(values.get("STAGE").asText()).isEqualTo("dev");
        assertThat(values.get("TZ").asText()).isEqualTo(":UTC");
        assertThat(values.get("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("on-demand");
        // loaded by the RIC's class loader from the working directory, not from the class path
        Path taskRoot = Fixture.BUILD_DIR.resolve("EnvKeysFunction");
        assertThat(body.get("userDir").asText()).isEqualTo(taskRoot.toString());
        assertThat(body.get("handlerClassLoader").asText())
                .isEqualTo("com.amazonaws.services.lambda.runtime.api.client.CustomerClassLoader");
        assertThat(body.get("javaClassPath").asText()).contains("aws-lambda-java-runtime-interface-client")
                .doesNotContain(taskRoot.toString());
        List<String> jvmArgs = new ArrayList<>();
        body.get("jvmArguments").forEach(a -> jvmArgs.add(a.asText()));
        assertThat(jvmArgs).contains("-XX:MaxHeapSize=222823k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dfixture.tool.option=set");
        assertThat(body.get("maxHeapBytes").asLong()).isLessThanOrEqualTo(222823L * 1024);
    }

    @Test
    void snapStartFunctionsRunTheRestoreHandshake() {
        InvokeResult result = LocalInvoke.invoke(Fixture.request("SnapStartFunction")
                .event("{\"show\": [\"AWS_LAMBDA_INITIALIZATION_TYPE\", \"AWS_LAMBDA_FUNCTION_VERSION\"]}").build());
        assertThat(result.isSuccess()).as(result.toString()).isTrue();
        JsonNode values = json(result.responseJson()).get("values");
        assertThat(values.get("AWS_LAMBDA_INITIALIZATION_TYPE").asText()).isEqualTo("snap-start");
        assertThat(values.get("AWS_LAMBDA_FUNCTION_VERSION").asText()).isEqualTo("1");
    }

    @Test
    void aHandlerThatCannotBeConstructedIsAnInitError(@TempDir Path dir) throws IOException {
        Path event = Files.writeString(dir.resolve("event.json"), "{}");
        Cli cli = Cli.run(args(event, "BrokenInitFunction"));
        assertThat(cli.exit).isEqualTo(LocalInvoke.EXIT_RUNTIME);
        assertThat(cli.out).contains("\"errorType\":\"java.lang.IllegalStateException\"",
                "cannot initialise: missing configuration");
        assertThat(cli.err).contains("INIT_REPORT Init Duration:", "Status: error");
    }

    @Test
    void configurationErrorsStopBeforeAnythingRuns(@TempDir Path dir) throws IOException {
        Path event = Files.writeString(dir.resolve("event.json"), "{}");
        Cli unresolved = Cli.run(args(event, "MapFunction"));
        assertThat(unresolved.exit).isEqualTo(LocalInvoke.EXIT_USAGE);
        assertThat(unresolved.err).contains("TOPIC_ARN (!Ref Topic)");

        Path bad = Files.writeString(dir.resolve("bad.json"), "{not json");
        assertThat(Cli.run(args(bad, "EchoFunction")).exit).isEqualTo(LocalInvoke.EXIT_USAGE);
        assertThat(Cli.run(args(event, "Topic")).err).contains("no AWS::Serverless::Function named Topic");
        assertThat(Cli.run("--template", "x.yaml").exit).isEqualTo(LocalInvoke.EXIT_USAGE);
        assertThat(Cli.run(args(event, "EchoFunction", "--parameter-overrides", "Stage=qa")).err)
                .contains("must be one of [dev, prod]");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
