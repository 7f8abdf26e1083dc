package io.orgaccessguard.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static io.orgaccessguard.it.support.OutsideTool.AWS_CLI;
import static io.orgaccessguard.it.support.OutsideTool.AWS_CLI_WITH_ENDPOINT_URL;

import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.notify.RecheckCommand;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The re-check command every alert and the README print (notify/RecheckCommand, the one copy of it) works with
 * the real AWS CLI for a run that lasts longer than the CLI's default 60 s socket read timeout: it sends the invoke
 * once, waits, and prints the function's answer. A stand-in for Lambda's {@code Invoke} API
 * (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html: {@code POST /2015-03-31/functions/<name>/invocations},
 * the payload as the body, the function's response as the body) answers after {@link #RUN_LENGTH}; the command reaches
 * it through {@code AWS_ENDPOINT_URL}, so it runs exactly as printed.
 *
 * <p>Why the command has the form it has, from the AWS CLI's documentation:
 * <ul>
 *   <li>{@code --cli-read-timeout 0}: "The maximum socket read time in seconds. If the value is set to 0, the socket
 *       read will be blocking and not timeout. The default value is 60 seconds."
 *       (https://docs.aws.amazon.com/cli/latest/reference/index.html#options). With the default, the CLI gives up
 *       after 60 s and sends the invoke again: the control below shows it.</li>
 *   <li>{@code AWS_MAX_ATTEMPTS=1}: the CLI makes no further attempt of its own when a connection fails mid-run; the
 *       re-check runs once (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html).</li>
 *   <li>{@code --payload fileb:///dev/stdin}, fed by {@code printf}: {@code fileb://} passes the bytes as they are on
 *       CLI version 1 and 2 alike, while an inline payload needs {@code --cli-binary-format raw-in-base64-out} on
 *       version 2 (which defaults to base64 for blobs), an option version 1 refuses
 *       (https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-binaryparam,
 *       https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-file.html).</li>
 * </ul>
 *
 * <p>The CLI is the {@code aws} on PATH, version 1 or 2 ({@link OutsideTool}: skipped without it, failed under CI);
 * the command lines run with its folder first on PATH, so {@code sh} runs that one. The long run needs one that
 * honours {@code AWS_ENDPOINT_URL} (1.29+ or 2.13+).
 */
class RecheckCommandTest {

    /** Longer than the CLI's default read timeout (60 s), short enough for a test. */
    static final Duration RUN_LENGTH = Duration.ofSeconds(65);
    static final String FUNCTION = "org-access-guard-check";
    static final String PAYLOAD = "{\"accountIds\":[\"111122223333\"]}";
    static final String ANSWER = "{\"results\":[{\"accountId\":\"111122223333\",\"outcome\":\"ACCESS_VERIFIED\"}]}";
    /** The command as the README printed it before: no read timeout, the CLI's own retries. */
    static final String OLD_FORM = "printf '%s' '{payload}' | aws lambda invoke --function-name {functionName}"
            + " --region {region} --payload fileb:///dev/stdin /dev/stdout";

    record Invocation(String function, String body, long receivedAtNanos) {
    }

    record Result(int exitCode, String stdout, String stderr, Duration took) {
    }

    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private HttpServer lambda;

    @BeforeEach
    void startLambdaStandIn() throws IOException {
        lambda = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        lambda.createContext("/2015-03-31/functions/", this::invoke);
        lambda.setExecutor(handlers);
        lambda.start();
    }

    @AfterEach
    void stop() {
        if (lambda != null) {
            lambda.stop(0);
        }
        handlers.shutdownNow();
    }

    private void invoke(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String function = path.replaceFirst("^/2015-03-31/functions/([^/]+)/invocations$", "$1");
        try (InputStream body = exchange.getRequestBody()) {
            invocations.add(new Invocation(function, new String(body.readAllBytes(), StandardCharsets.UTF_8),
                    System.nanoTime()));
        }
        try {
            Thread.sleep(RUN_LENGTH.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
        try {
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException clientGaveUp) {
            // the control's CLI has closed this connection long ago
        } finally {
            exchange.close();
        }
    }

    @Test
    @OutsideTool.Required(AWS_CLI_WITH_ENDPOINT_URL)
    void theRecheckCommand_waitsForALongRun_sendsItOnce_andPrintsTheAnswer() throws Exception {
        String command = RecheckCommand.of(FUNCTION, "us-east-1", PAYLOAD);
        // The control runs beside the command, so the test lasts one run, not two; it is stopped with the command,
        // after its second invoke (60 s after the first, once the CLI has started: seconds on a busy machine).
        String oldForm = fill(OLD_FORM, "control-old-form");
        CompletableFuture<Result> control = CompletableFuture.supplyAsync(() -> run(AWS_CLI_WITH_ENDPOINT_URL,
                Duration.ofSeconds(80), oldForm));

        Result result = run(AWS_CLI_WITH_ENDPOINT_URL, Duration.ofSeconds(80), command);
        Result controlResult = control.join();
        System.out.println("[recheck command] " + command + "\n" + result);

        List<Invocation> ours = invocations.stream().filter(i -> i.function().equals(FUNCTION)).toList();
        assertThat(ours).as("invocations of %s sent by the command", FUNCTION).hasSize(1);
        assertThat(ours.getFirst().body()).as("the payload, byte for byte (not base64)").isEqualTo(PAYLOAD);
        assertThat(result.took()).as("the command waited for the run").isGreaterThanOrEqualTo(RUN_LENGTH);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).as("what the operator sees").contains(ANSWER).contains("\"StatusCode\": 200");

        List<Invocation> old = invocations.stream().filter(i -> i.function().equals("control-old-form")).toList();
        assertThat(old).as("the control (the old form, %s): the CLI gave up at 60 s and sent the invoke again",
                controlResult).hasSizeGreaterThanOrEqualTo(2);
        assertThat(Duration.ofNanos(old.get(1).receivedAtNanos() - old.get(0).receivedAtNanos()))
                .isBetween(Duration.ofSeconds(59), Duration.ofSeconds(64));
    }

    /**
     * No inline payload works on both versions: version 2 reads a blob given inline as base64 unless told
     * {@code --cli-binary-format raw-in-base64-out}, and version 1 (what pip installs as awscli) refuses that option.
     * So the command passes the payload's bytes through {@code fileb://}, and each version here refuses the inline
     * form the other needs, before sending anything.
     */
    @Test
    @OutsideTool.Required(AWS_CLI)
    void theCommand_avoidsTheInlinePayload_eachVersionRefusesOneOfItsForms() {
        String command = RecheckCommand.of(FUNCTION, "us-east-1", PAYLOAD);
        assertThat(command).doesNotContain("--cli-binary-format").contains("--payload fileb://");
        String inline = "aws lambda invoke --function-name " + FUNCTION + " --region us-east-1 --payload '" + PAYLOAD
                + "' /dev/stdout";

        if (AWS_CLI.found().version().startsWith("aws-cli/1.")) {
            Result refused = run(AWS_CLI, Duration.ofSeconds(30), inline.replace(" --payload ",
                    " --cli-binary-format raw-in-base64-out --payload "));

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
            assertThat(refused.stderr()).contains("Unknown options: --cli-binary-format");
        } else {
            Result refused = run(AWS_CLI, Duration.ofSeconds(30), inline);

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
            assertThat(refused.stderr()).contains("Invalid base64: \"" + PAYLOAD + "\"");
        }
        assertThat(invocations).isEmpty();
    }

    private static String fill(String template, String function) {
        return template.replace("{payload}", PAYLOAD).replace("{functionName}", function)
                .replace("{region}", "us-east-1");
    }

    /**
     * Runs a command line with sh, as an operator would, against the stand-in, with throwaway credentials, and with
     * the folder of {@code cli} first on PATH.
     */
    private Result run(OutsideTool cli, Duration limit, String commandLine) {
        long start = System.nanoTime();
        try {
            ProcessBuilder builder = new ProcessBuilder("sh", "-c", commandLine);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            Path aws = Path.of(cli.found().command().getFirst());
            env.put("PATH", aws.getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
            if (lambda != null) {
                env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + lambda.getAddress().getPort());
            }
            Process process = builder.start();
            CompletableFuture<String> stdout = read(process.getInputStream());
            CompletableFuture<String> stderr = read(process.getErrorStream());
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
