package io.orgaccessguard.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * S3 requests signed by the SDK's own SigV4 signer with chosen payload modes (unsigned payload, unsigned streaming with
 * a trailer...) and sent as they are, or tampered with, by the JDK's HTTP client: the modes an SDK client uses over
 * HTTPS, which the emulator's plain HTTP endpoint cannot make it choose.
 */
final class RawS3 {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    record Response(int status, String body) {
    }

    private RawS3() {
    }

    static Response put(AwsEmulator aws, AwsCredentials c, String bucket, String key, byte[] body,
                        Consumer<SignRequest.Builder<AwsCredentialsIdentity>> signing) {
        return send(aws, c, SdkHttpMethod.PUT, bucket, key, body, signing, UnaryOperator.identity(), b -> b);
    }

    /**
     * Signs the request, then lets the test alter the signed headers and the encoded payload before sending, to show
     * what the service does with a request that was changed after signing.
     */
    static Response send(AwsEmulator aws, AwsCredentials c, SdkHttpMethod method, String bucket, String key,
                         byte[] body, Consumer<SignRequest.Builder<AwsCredentialsIdentity>> signing,
                         UnaryOperator<SdkHttpRequest> alterHeaders, UnaryOperator<byte[]> alterPayload) {
        URI endpoint = aws.endpoint();
        // Signed as an HTTPS request (the SDK signer forces payload signing over plain HTTP), sent to the emulator's
        // HTTP port: nothing in a SigV4 signature depends on the scheme.
        SdkHttpRequest request = SdkHttpRequest.builder().method(method).protocol("https").host(endpoint.getHost())
                .port(endpoint.getPort()).encodedPath("/" + bucket + "/" + key)
                .putHeader("Content-Length", Integer.toString(body.length)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey())).request(request)
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                    .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false);
            signing.accept(r);
        });
        byte[] payload = alterPayload.apply(signed.payload().map(RawS3::read).orElse(new byte[0]));
        SdkHttpRequest headers = alterHeaders.apply(signed.request());
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(endpoint + headers.encodedPath()))
                .method(method.name(), HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned request, as an anonymous caller (a browser, curl) sends it. */
    static Response anonymousGet(AwsEmulator aws, String bucket, String key) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(aws.endpoint() + "/" + bucket + "/" + key)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(ContentStreamProvider provider) {
        try (InputStream in = provider.newStream(); var out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
