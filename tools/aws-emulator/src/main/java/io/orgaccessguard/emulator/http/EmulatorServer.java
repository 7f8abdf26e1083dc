package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.auth.Authenticator;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.auth.SigV4;
import io.orgaccessguard.emulator.faults.DroppedConnection;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The single HTTP listener. It routes by the SigV4 credential scope's service name (and {@code X-Amz-Target} for
 * JSON services), authenticates, applies faults, dispatches, renders the protocol's success or error shape and
 * records the call. Each exchange runs on its own virtual thread, so injected latency never serialises callers.
 */
public final class EmulatorServer {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ADMIN_PREFIX = "/_emulator/";
    /** Never echoed into call records: MFA codes are credentials. */
    private static final List<String> SECRET_PARAMETERS = List.of("TokenCode");

    private final EmulatorState state;
    private final Faults faults;
    private final Map<String, ServiceHandler> handlers;
    private final AdminApi admin;
    private final Authenticator authenticator;
    private final String bindAddress;
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    public EmulatorServer(EmulatorState state, Faults faults, List<ServiceHandler> handlers, AdminApi admin,
                          String bindAddress) {
        this.state = state;
        this.faults = faults;
        var map = new LinkedHashMap<String, ServiceHandler>();
        handlers.forEach(h -> map.put(h.signingName(), h));
        this.handlers = java.util.Collections.unmodifiableMap(map);
        this.admin = admin;
        this.authenticator = new Authenticator(state);
        this.bindAddress = bindAddress;
    }

    public synchronized void start(int requestedPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(bindAddress, requestedPort), 512);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** Stops and starts the listener on the same port; every bit of state survives. */
    public synchronized void restart() throws IOException {
        int samePort = port;
        stop();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                start(samePort);
                return;
            } catch (IOException e) {
                // The old socket may linger for a moment after stop(); try again shortly.
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    public synchronized int port() {
        return port;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path != null && path.startsWith(ADMIN_PREFIX)) {
                admin.handle(exchange);
                return;
            }
            handleAws(exchange);
        } catch (DroppedConnection dropped) {
            // Closing the exchange before any response header was sent closes the socket unanswered.
        }
    }

    private void handleAws(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        byte[] body = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        SigV4.Authorization auth = SigV4.parse(authorization);

        ServiceHandler handler = route(auth, target, method, rawPath);
        String service = handler != null ? handler.signingName()
                : auth != null ? auth.service() : (target != null ? "organizations" : null);
        Protocol protocol = handler != null ? handler.protocol() : (target != null ? Protocol.JSON_1_1 : Protocol.QUERY);
        String namespace = handler != null ? handler.xmlNamespace() : "";
        boolean head = "HEAD".equals(method);

        QueryParams params = null;
        JsonNode json = null;
        RestRequest rest = null;
        String action = null;
        Principal caller = null;
        AwsRequest request = null;
        Reply reply;
        String errorCode = null;
        boolean dropped = false;
        try {
            switch (protocol) {
                case QUERY -> {
                    String form = new String(body, StandardCharsets.UTF_8);
                    params = QueryParams.parse(form.isEmpty() && rawQuery != null ? rawQuery : form);
                    action = params.getOrNull("Action");
                }
                case JSON_1_0, JSON_1_1 -> {
                    action = target == null ? null : target.substring(target.indexOf('.') + 1);
                    json = parseJson(body);
                }
                case REST_XML -> {
                    rest = new RestRequest(method, rawPath, rawQuery, exchange.getRequestHeaders(), body, Map.of());
                    action = handler.restAction(rest);
                }
            }
            if (handler == null) {
                throw new AwsException(auth == null ? "MissingAuthenticationToken" : "UnknownService",
                        auth == null ? 403 : 400, auth == null ? "Request is missing Authentication Token"
                                : "The emulator does not implement the service '" + service + "'");
            }
            faults.delay(service);
            var signed = new Authenticator.SignedRequest(method, rawPath, rawQuery, name -> header(exchange, name),
                    body, authorization);
            if (protocol == Protocol.REST_XML) {
                Authenticator.RestAuthentication authenticated = authenticator.authenticateS3(signed, auth);
                caller = authenticated.principal();
                rest = rest.withPayload(authenticated.payload(), authenticated.trailers());
            } else {
                caller = authenticator.authenticate(signed, auth, protocol);
            }
            if (protocol.isJson() && (target == null || !target.startsWith(handler.jsonTargetPrefix()))) {
                throw new AwsException("UnknownOperationException", 400, null);
            }
            if (action == null || action.isEmpty()) {
                throw new AwsException("MissingAction", 400, "Could not find operation for version null");
            }
            request = new AwsRequest(service, action, auth != null ? auth.region() : state.defaultRegion(), requestId,
                    params, json, rest, caller);
            AwsRequest throttledRequest = request;
            faults.before(service, action, caller == null ? null : caller.accountId(),
                    () -> handler.throttled(throttledRequest));
            reply = render(handler.handle(request), protocol, action, namespace, requestId);
        } catch (AwsException e) {
            errorCode = e.code();
            reply = renderError(e, handler, protocol, namespace, requestId);
        } catch (DroppedConnection e) {
            errorCode = "ConnectionDropped";
            reply = null;
            dropped = true;
        } catch (RuntimeException bug) {
            errorCode = "InternalFailure";
            System.err.println("aws-emulator: unexpected failure handling " + service + " " + action);
            bug.printStackTrace();
            reply = renderError(new AwsException("InternalFailure", 500,
                    "The request processing has failed because of an unknown error, exception or failure."),
                    handler, protocol, namespace, requestId);
        }
        // Record before answering, so a client that has its answer always finds its call in the log.
        String callerAccount = caller == null ? null : caller.accountId();
        String targetAccount = request != null && request.targetAccount() != null ? request.targetAccount()
                : callerAccount;
        state.countCall(service, action, errorCode, attempt(exchange));
        if (state.options().recordCalls()) {
            var parameters = parameters(params, json);
            if (request != null) {
                parameters.putAll(request.loggedParameters());
            }
            state.recordCall(new CallRecord(service, action, caller == null ? null : caller.arn(), callerAccount,
                    targetAccount, parameters, dropped ? 0 : reply.status(), errorCode, requestId, state.now()));
        }
        if (dropped) {
            throw new DroppedConnection();
        }
        send(exchange, reply, head);
    }

    /**
     * The handler a request is for: the SigV4 scope's service; unsigned, the JSON target's prefix, or S3 for anything
     * that is not a query-protocol {@code POST /} (S3 accepts anonymous requests).
     */
    private ServiceHandler route(SigV4.Authorization auth, String target, String method, String rawPath) {
        if (auth != null) {
            return handlers.get(auth.service());
        }
        if (target != null) {
            return handlers.values().stream()
                    .filter(h -> h.jsonTargetPrefix() != null && target.startsWith(h.jsonTargetPrefix()))
                    .findFirst().orElse(handlers.get("organizations"));
        }
        boolean queryStyle = "POST".equals(method) && (rawPath == null || "/".equals(rawPath));
        return queryStyle ? null : handlers.get("s3");
    }

    /** An answer ready to send. */
    private record Reply(int status, Map<String, String> headers, byte[] body) {
    }

    /** The SDK's attempt number ({@code amz-sdk-request: attempt=2; max=8}), or 0 when the client sends none. */
    private static int attempt(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("amz-sdk-request");
        if (header == null) {
            return 0;
        }
        for (String part : header.split(";")) {
            String p = part.strip();
            if (p.startsWith("attempt=")) {
                try {
                    return Integer.parseInt(p.substring("attempt=".length()).strip());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new AwsException("SerializationException", 400, "Start of structure or map found where not expected.");
            }
            return node;
        } catch (IOException e) {
            throw new AwsException("SerializationException", 400, "Unable to parse the request body as JSON");
        }
    }

    private static Map<String, String> parameters(QueryParams params, JsonNode json) {
        var out = new LinkedHashMap<String, String>();
        if (params != null) {
            out.putAll(params.asMap());
        }
        if (json != null) {
            json.properties().forEach(e -> out.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
        }
        SECRET_PARAMETERS.forEach(out::remove);
        return out;
    }

    private static String header(HttpExchange exchange, String lowerName) {
        List<String> values = exchange.getRequestHeaders().get(lowerName);
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    private static Reply render(ServiceResponse response, Protocol protocol, String action, String namespace,
                                String requestId) {
        return switch (response) {
            case ServiceResponse.JsonResult j -> jsonReply(200, protocol, j.body().toString(), Map.of(), requestId);
            case ServiceResponse.RestResult r -> restReply(r.status(), r.headers(), r.body(), requestId);
            case ServiceResponse.XmlResult x -> {
                var xml = new StringBuilder(256);
                xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"")
                        .append(namespace).append("\">");
                if (x.result() != null) {
                    xml.append('<').append(action).append("Result>").append(x.result()).append("</").append(action)
                            .append("Result>");
                }
                xml.append("<ResponseMetadata><RequestId>").append(requestId)
                        .append("</RequestId></ResponseMetadata></").append(action).append("Response>");
                yield xmlReply(200, xml.toString(), requestId);
            }
        };
    }

    private static Reply renderError(AwsException e, ServiceHandler handler, Protocol protocol, String namespace,
                                     String requestId) {
        Map<String, String> extraHeaders = handler == null ? Map.of() : handler.errorHeaders(e);
        if (protocol.isJson()) {
            ObjectNode body = handler != null ? handler.jsonError(e) : defaultJsonError(e);
            return jsonReply(e.status(), protocol, body.toString(), extraHeaders, requestId);
        }
        if (protocol == Protocol.REST_XML) {
            // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses
            var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>")
                    .append(Xml.escape(e.code())).append("</Code><Message>")
                    .append(Xml.escape(e.getMessage() == null ? "" : e.getMessage())).append("</Message>");
            e.extraFields().forEach((name, value) -> xml.append(new Xml().element(name, value)));
            xml.append("<RequestId>").append(requestId).append("</RequestId><HostId>").append(hostId(requestId))
                    .append("</HostId></Error>");
            var headers = new LinkedHashMap<String, String>(extraHeaders);
            headers.put("Content-Type", "application/xml");
            return restReply(e.status(), headers, xml.toString().getBytes(StandardCharsets.UTF_8), requestId);
        }
        String xmlns = namespace.isEmpty() ? "" : " xmlns=\"" + namespace + "\"";
        return xmlReply(e.status(), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse" + xmlns + "><Error><Type>"
                + (e.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + Xml.escape(e.code()) + "</Code>"
                + "<Message>" + Xml.escape(e.getMessage() == null ? "" : e.getMessage()) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>", requestId);
    }

    private static ObjectNode defaultJsonError(AwsException e) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("__type", e.code());
        if (e.getMessage() != null) {
            body.put("Message", e.getMessage());
        }
        e.extraFields().forEach(body::put);
        return body;
    }

    /**
     * JSON answers carry {@code x-amz-crc32}, the CRC32 of the body, as DynamoDB sends it; the SDK checks it when
     * present (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html).
     */
    private static Reply jsonReply(int status, Protocol protocol, String body, Map<String, String> extraHeaders,
                                   String requestId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var headers = new LinkedHashMap<String, String>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("Content-Type", protocol.jsonContentType());
        if (protocol == Protocol.JSON_1_0) {
            var crc = new java.util.zip.CRC32();
            crc.update(bytes);
            headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        }
        headers.putAll(extraHeaders);
        return new Reply(status, headers, bytes);
    }

    private static Reply xmlReply(int status, String body, String requestId) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("x-amzn-RequestId", requestId);
        headers.put("Content-Type", "text/xml");
        return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** S3 names its request IDs {@code x-amz-request-id} and {@code x-amz-id-2}. */
    private static Reply restReply(int status, Map<String, String> handlerHeaders, byte[] body, String requestId) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("x-amz-request-id", requestId);
        headers.put("x-amz-id-2", hostId(requestId));
        headers.put("Server", "AmazonS3");
        headers.putAll(handlerHeaders);
        return new Reply(status, headers, body);
    }

    private static String hostId(String requestId) {
        return java.util.Base64.getEncoder().encodeToString(requestId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A HEAD answer carries the headers of the GET it stands for (Content-Length included) and no body; the JDK server
     * keeps a Content-Length set by hand for HEAD.
     */
    private static void send(HttpExchange exchange, Reply reply, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        reply.headers().forEach(headers::set);
        byte[] bytes = reply.body() == null ? new byte[0] : reply.body();
        if (head) {
            if (!headers.containsKey("Content-Length")) {
                headers.set("Content-Length", Integer.toString(bytes.length));
            }
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
