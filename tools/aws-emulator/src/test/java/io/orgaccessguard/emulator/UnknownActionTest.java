package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** A signed query-protocol call naming an action the service does not have: InvalidAction with the API version. */
class UnknownActionTest {

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(4).build(), TestOrgs.standard());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void unknownAction_invalidActionNamingTheServicesVersion() {
        assertThat(call("iam", "2010-05-08")).isEqualTo(invalidAction("2010-05-08"));
        assertThat(call("sts", "2011-06-15")).isEqualTo(invalidAction("2011-06-15"));
        assertThat(call("sns", "2010-03-31")).isEqualTo(invalidAction("2010-03-31"));
    }

    private static String invalidAction(String version) {
        return "400 <Code>InvalidAction</Code><Message>Could not find operation Frobnicate for version " + version
                + "</Message>";
    }

    /** The status, code and message of a {@code POST /} with {@code Action=Frobnicate}, signed for the service. */
    private String call(String service, String version) {
        AwsCredentials c = aws.credentialsFor(MGMT);
        URI endpoint = aws.endpoint();
        byte[] body = ("Action=Frobnicate&Version=" + version).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).protocol("https")
                .host(endpoint.getHost()).port(endpoint.getPort()).encodedPath("/")
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey())).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
            String xml = response.body();
            return response.statusCode() + " " + xml.substring(xml.indexOf("<Code>"), xml.indexOf("</Message>") + 10);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
