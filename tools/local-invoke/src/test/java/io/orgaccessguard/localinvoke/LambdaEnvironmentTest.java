package io.orgaccessguard.localinvoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LambdaEnvironmentTest {

    private static final SamTemplate TEMPLATE = SamTemplate.load(Fixture.SOURCE.resolve("template.yaml"));
    private static final LambdaEnvironment.Settings SETTINGS = new LambdaEnvironment.Settings("fn-name", "$LATEST",
            Path.of("/task"), Path.of("/runtime"), "on-demand");

    private static final EnvVarsFile FILE = EnvVarsFile.parse("""
            {
              "Parameters": {"SHARED": "from-parameters", "STAGE": "from-parameters", "NOT_DECLARED": "x",
                             "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_REGION": "eu-west-1"},
              "MapFunction": {"STAGE": "from-function-section", "TOPIC_ARN": "arn:aws:sns:eu-west-1:1:t",
                              "AWS_ACCESS_KEY_ID": "AKIAFILE", "AWS_SECRET_ACCESS_KEY": "file-secret-value",
                              "AWS_ENDPOINT_URL_SNS": "http://127.0.0.1:4567"}
            }
            """);

    @Test
    void readsSamsEnvVarsFormat() {
        EnvVarsFile file = EnvVarsFile.parse("""
                {"Parameters": {"A": "1", "B": 2, "C": true, "D": null, "E": [1], "F": {"x": 1}},
                 "Fn": {"A": "own"}, "fn-physical-name": {"G": "by-name"}}
                """);
        assertThat(file.forFunction("Other", Optional.empty())).containsExactly(Map.entry("A", "1"),
                Map.entry("B", "2"), Map.entry("C", "true"), Map.entry("D", ""), Map.entry("E", ""), Map.entry("F", ""));
        assertThat(file.forFunction("Fn", Optional.of("fn-physical-name"))).containsEntry("A", "own")
                .doesNotContainKey("G");
        assertThat(file.forFunction("Missing", Optional.of("fn-physical-name"))).containsEntry("G", "by-name");
        assertThatThrownBy(() -> EnvVarsFile.parse("{\"Fn\": \"not an object\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("incorrect format");
        assertThatThrownBy(() -> EnvVarsFile.parse("[1]")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvVarsFile.parse("{")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unresolvableVariablesAreNamed() {
        assertThatThrownBy(() -> LambdaEnvironment.build(TEMPLATE.function("MapFunction"), EnvVarsFile.empty(),
                Map.of(), SETTINGS)).isInstanceOf(LocalInvokeException.class)
                .hasMessageContaining("TOPIC_ARN (!Ref Topic)")
                .hasMessageContaining("AWS::SNS::Topic")
                .hasMessageContaining("--env-vars");
    }

    @Test
    void templateThenFileThenLambdaVariables() {
        SamFunction map = TEMPLATE.withPseudoParameters(PseudoParameters.forRegion("eu-west-1")).function("MapFunction");
        LambdaEnvironment env = LambdaEnvironment.build(map, FILE, Map.of("AWS_SESSION_TOKEN", "caller-token",
                "HOME", "/root", "AWS_ENDPOINT_URL_STS", "http://caller"), SETTINGS);
        Map<String, String> v = env.variables();
        assertThat(v).containsEntry("GREETING", "hello from eu-west-1")  // template, resolved
                .containsEntry("SHARED", "from-parameters")                 // Parameters section
                .containsEntry("STAGE", "from-function-section")            // own section beats Parameters
                .containsEntry("TOPIC_ARN", "arn:aws:sns:eu-west-1:1:t")     // unresolvable, supplied by the file
                .doesNotContainKey("PROD_ONLY")                             // !If to AWS::NoValue
                .doesNotContainKey("NOT_DECLARED")                          // SAM ignores undeclared names
                .doesNotContainKey("HOME")                                  // nothing else of the caller
                .containsEntry("AWS_ACCESS_KEY_ID", "AKIAFILE")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "file-secret-value")
                .containsEntry("AWS_SESSION_TOKEN", "caller-token")          // passed through from the caller
                .containsEntry("AWS_ENDPOINT_URL", "http://127.0.0.1:4566")
                .containsEntry("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:4567")
                .containsEntry("AWS_ENDPOINT_URL_STS", "http://caller")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsEntry("AWS_LAMBDA_FUNCTION_NAME", "fn-name")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
                .containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/fn-name")
                .containsEntry("_HANDLER", "fixture.MapHandler::handleRequest")
                .containsEntry("LAMBDA_TASK_ROOT", "/task")
                .containsEntry("LAMBDA_RUNTIME_DIR", "/runtime")
                .containsEntry("TZ", ":UTC")
                .doesNotContainKeys("AWS_LAMBDA_LOG_FORMAT", "AWS_LAMBDA_LOG_LEVEL", "AWS_LAMBDA_RUNTIME_API");
        assertThat(v.get("AWS_LAMBDA_LOG_STREAM_NAME")).matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}");
        assertThat(env.warnings()).anyMatch(w -> w.contains("NOT_DECLARED"));
    }

    @Test
    void placeholderCredentialsAndJsonLogging() {
        LambdaEnvironment env = LambdaEnvironment.build(TEMPLATE.function("EnvKeysFunction"), EnvVarsFile.empty(),
                Map.of(), SETTINGS);
        assertThat(env.variables()).containsEntry("AWS_ACCESS_KEY_ID", "defaultkey")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "defaultsecret")
                .containsEntry("AWS_LAMBDA_LOG_FORMAT", "JSON")
                .containsEntry("AWS_LAMBDA_LOG_LEVEL", "DEBUG")
                .containsEntry("API_TOKEN", "s3cr3t-token-value");
        assertThat(env.warnings()).anyMatch(w -> w.contains("placeholders"));
    }

    @Test
    void describeMasksSecretsAndNoEchoValues() {
        SamFunction fn = TEMPLATE.function("EnvKeysFunction");
        LambdaEnvironment env = LambdaEnvironment.build(fn, EnvVarsFile.empty(), Map.of(
                "AWS_ACCESS_KEY_ID", "AKIACALLER", "AWS_SECRET_ACCESS_KEY", "caller-secret-value",
                "AWS_SESSION_TOKEN", "caller-session-token"), SETTINGS);
        String text = env.describe(TEMPLATE.parameters(), TEMPLATE.parameterValues());
        assertThat(text).contains("AWS_SECRET_ACCESS_KEY=****", "AWS_SESSION_TOKEN=****", "API_TOKEN=****",
                        "AWS_ACCESS_KEY_ID=AKIACALLER", "STAGE=dev")
                .doesNotContain("caller-secret-value", "caller-session-token", "s3cr3t-token-value");
    }

    @Test
    void refusesReservedKeysInTheTemplate() {
        SamTemplate t = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Runtime: java21
                      Handler: a.B
                      Environment: {Variables: {AWS_REGION: eu-west-1, OK: fine}}
                """, Path.of("/x"));
        assertThatThrownBy(() -> LambdaEnvironment.build(t.function("Fn"), EnvVarsFile.empty(), Map.of(), SETTINGS))
                .isInstanceOf(LocalInvokeException.class).hasMessageContaining("reserved keys")
                .hasMessageContaining("AWS_REGION");
    }
}
