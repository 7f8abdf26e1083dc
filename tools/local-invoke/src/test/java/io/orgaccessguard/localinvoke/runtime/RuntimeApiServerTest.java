package io.orgaccessguard.localinvoke.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuntimeApiServerTest {

    private RuntimeApiServer server;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = new RuntimeApiServer();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri(String path) {
        return URI.create("http://" + server.address() + "/2018-06-01/runtime/" + path);
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) {
            b.header("Lambda-Runtime-Function-Error-Type", errorType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address()).startsWith("127.0.0.1:");
    }

    @Test
    void nextWaitsForAnEventAndSendsLambdasHeaders() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(uri("invocation/next"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        long firstNext = server.firstNext().get(5, TimeUnit.SECONDS);
        assertThat(firstNext).isPositive();
        Thread.sleep(150);
        assertThat(next).isNotDone(); // long poll

        long before = System.currentTimeMillis();
        RuntimeApiServer.Invocation inv = server.submit("req-1", "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                "arn:aws:lambda:us-east-1:123456789012:function:f", "Root=1-abc", 3000);
        HttpResponse<String> response = next.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(response.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).contains("req-1");
        assertThat(response.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .contains("arn:aws:lambda:us-east-1:123456789012:function:f");
        assertThat(response.headers().firstValue("Lambda-Runtime-Trace-Id")).contains("Root=1-abc");
        long deadline = Long.parseLong(response.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadline).isBetween(before + 3000, System.currentTimeMillis() + 3000);
        assertThat(inv.delivered()).isDone();

        HttpResponse<String> accepted = post("invocation/req-1/response", "{\"ok\":true}", null);
        assertThat(accepted.statusCode()).isEqualTo(202);
        RuntimeApiServer.Outcome outcome = inv.outcome().get(1, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(RuntimeApiServer.Outcome.Success.class);
        assertThat(new String(((RuntimeApiServer.Outcome.Success) outcome).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ok\":true}");
        // the id is answered: a second post is refused
        assertThat(post("invocation/req-1/response", "{}", null).statusCode()).isEqualTo(400);
    }

    @Test
    void errorsAndInitErrors() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(uri("invocation/next"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        RuntimeApiServer.Invocation inv = server.submit("req-2", "{}".getBytes(StandardCharsets.UTF_8), "arn", "t",
                1000);
        assertThat(next.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        String error = "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.RuntimeException\",\"stackTrace\":[]}";
        assertThat(post("invocation/req-2/error", error, "java.lang.RuntimeException").statusCode()).isEqualTo(202);
        RuntimeApiServer.Outcome.Failure failure = (RuntimeApiServer.Outcome.Failure) inv.outcome().get(1,
                TimeUnit.SECONDS);
        assertThat(failure.errorType()).isEqualTo("java.lang.RuntimeException");

        assertThat(post("init/error", "{\"errorMessage\":\"bad\",\"errorType\":\"X\"}", "Runtime.Bad").statusCode())
                .isEqualTo(202);
        assertThat(server.initError().get(1, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.Bad");
        assertThat(post("invocation/unknown/error", "{}", null).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(uri("nope")).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void refusesResponsesOverSixMegabytes() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(uri("invocation/next"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        RuntimeApiServer.Invocation inv = server.submit("big", "{}".getBytes(StandardCharsets.UTF_8), "arn", "t", 1000);
        next.get(5, TimeUnit.SECONDS);
        String body = "\"" + "x".repeat(RuntimeApiServer.MAX_RESPONSE_BYTES) + "\"";
        assertThat(post("invocation/big/response", body, null).statusCode()).isEqualTo(413);
        assertThat(((RuntimeApiServer.Outcome.Failure) inv.outcome().get(1, TimeUnit.SECONDS)).errorType())
                .isEqualTo("Function.ResponseSizeTooLarge");
    }

    @Test
    void restoreNextForSnapStart() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("restore/next")).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.restoreNext()).isDone();
    }
}
