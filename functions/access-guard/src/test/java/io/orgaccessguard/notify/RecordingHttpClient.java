package io.orgaccessguard.notify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never touches the network: it records each request body (SNS speaks the AWS query protocol, so a
 * form) and answers every request with one canned response.
 */
final class RecordingHttpClient implements SdkHttpClient {

    private final int status;
    private final String responseBody;
    private final List<String> bodies = new ArrayList<>();

    private RecordingHttpClient(int status, String responseBody) {
        this.status = status;
        this.responseBody = responseBody;
    }

    static RecordingHttpClient publishing(String messageId) {
        return new RecordingHttpClient(200, "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<PublishResult><MessageId>" + messageId + "</MessageId></PublishResult>"
                + "<ResponseMetadata><RequestId>request-1</RequestId></ResponseMetadata></PublishResponse>");
    }

    static RecordingHttpClient failing(String code, String message) {
        return new RecordingHttpClient(400, "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>request-1</RequestId></ErrorResponse>");
    }

    List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** The only request's form parameters, decoded. */
    Map<String, String> onlyRequest() {
        if (bodies.size() != 1) {
            throw new AssertionError("expected one request, got " + bodies.size());
        }
        return form(bodies.getFirst());
    }

    /** A request body's form parameters, decoded. */
    static Map<String, String> form(String body) {
        var parameters = new LinkedHashMap<String, String>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            parameters.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    /** The message attributes of the only request, name to string value. */
    Map<String, String> onlyRequestAttributes() {
        Map<String, String> parameters = onlyRequest();
        var attributes = new LinkedHashMap<String, String>();
        for (int entry = 1; parameters.containsKey("MessageAttributes.entry." + entry + ".Name"); entry++) {
            String prefix = "MessageAttributes.entry." + entry;
            if (!"String".equals(parameters.get(prefix + ".Value.DataType"))) {
                throw new AssertionError("attribute " + entry + " is not of data type String");
            }
            attributes.put(parameters.get(prefix + ".Name"), parameters.get(prefix + ".Value.StringValue"));
        }
        return attributes;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                if (request.contentStreamProvider().isPresent()) {
                    try (InputStream body = request.contentStreamProvider().get().newStream()) {
                        bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    }
                } else {
                    bodies.add("");
                }
                byte[] response = responseBody.getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(status)
                                .putHeader("Content-Type", "text/xml")
                                .putHeader("Content-Length", String.valueOf(response.length)).build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(response)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("not form-encoded: " + value, e));
        }
    }
}
