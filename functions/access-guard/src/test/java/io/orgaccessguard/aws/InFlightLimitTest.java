package io.orgaccessguard.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.organizations.OrganizationsClient;

/** The SDK gives every execution back its permit, whether it succeeds or fails. */
class InFlightLimitTest {

    private HttpServer server;
    private volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = (status == 200 ? "{\"Roots\":[]}"
                    : "{\"__type\":\"ServiceException\",\"Message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private OrganizationsClient client(AwsClients.InFlightLimit limit) {
        return OrganizationsClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIA", "secret")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(limit))
                .build();
    }

    @Test
    void permits_comeBackAfterSuccessesAndFailures() {
        var limit = new AwsClients.InFlightLimit(1);
        try (OrganizationsClient organizations = client(limit)) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                organizations.listRoots();
                organizations.listRoots();
                status = 500;
                assertThatThrownBy(organizations::listRoots).isInstanceOf(SdkException.class);
                assertThatThrownBy(organizations::listRoots).isInstanceOf(SdkException.class);
                status = 200;
                organizations.listRoots();
            });
        }
        assertThat(limit.available()).isEqualTo(1);
    }
}
