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
        this.handlers = Map.copyOf(map);
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
        SigV4.Authorization auth = SigV4.parse(authorization);

        String service = auth != null ? auth.service() : (target != null ? "organizations" : null);
        ServiceHandler handler = service == null ? null : handlers.get(service);
        Protocol protocol = handler != null ? handler.protocol() : (target != null ? Protocol.JSON_1_1 : Protocol.QUERY);
        String namespace = handler != null ? handler.xmlNamespace() : "";

        QueryParams params = null;
        JsonNode json = null;
        String action = null;
        Principal caller = null;
        AwsRequest request = null;
        int status = 200;
        String errorCode = null;
        String responseBody;
        boolean dropped = false;
        try {
            if (protocol == Protocol.QUERY) {
                String form = new String(body, StandardCharsets.UTF_8);
                String query = exchange.getRequestURI().getRawQuery();
                params = QueryParams.parse(form.isEmpty() && query != null ? query : form);
                action = params.getOrNull("Action");
            } else {
                action = target == null ? null : target.substring(target.indexOf('.') + 1);
                json = parseJson(body);
            }
            if (handler == null) {
                throw new AwsException(auth == null ? "MissingAuthenticationToken" : "UnknownService",
                        auth == null ? 403 : 400, auth == null ? "Request is missing Authentication Token"
                                : "The emulator does not implement the service '" + service + "'");
            }
            faults.delay(service);
            caller = authenticator.authenticate(new Authenticator.SignedRequest(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    name -> header(exchange, name), body, authorization), auth, protocol);
            if (protocol == Protocol.JSON_1_1 && (target == null
                    || !target.startsWith("AWSOrganizationsV20161128."))) {
                throw new AwsException("UnknownOperationException", 400, null);
            }
            if (action == null || action.isEmpty()) {
                throw new AwsException("MissingAction", 400, "Could not find operation for version null");
            }
            faults.before(service, action, caller.accountId());
            request = new AwsRequest(service, action, auth.region(), requestId, params, json, caller);
            responseBody = render(handler.handle(request), action, namespace, requestId);
        } catch (AwsException e) {
            status = e.status();
            errorCode = e.code();
            responseBody = renderError(e, protocol, namespace, requestId);
        } catch (DroppedConnection e) {
            status = 0;
            errorCode = "ConnectionDropped";
            responseBody = null;
            dropped = true;
        } catch (RuntimeException bug) {
            status = 500;
            errorCode = "InternalFailure";
            System.err.println("aws-emulator: unexpected failure handling " + service + " " + action);
            bug.printStackTrace();
            responseBody = renderError(new AwsException("InternalFailure", 500,
                    "The request processing has failed because of an unknown error, exception or failure."),
                    protocol, namespace, requestId);
        }
        // Record before answering, so a client that has its answer always finds its call in the log.
        String callerAccount = caller == null ? null : caller.accountId();
        String targetAccount = request != null && request.targetAccount() != null ? request.targetAccount()
                : callerAccount;
        state.countCall(service, action, errorCode, attempt(exchange));
        if (state.options().recordCalls()) {
            state.recordCall(new CallRecord(service, action, caller == null ? null : caller.arn(), callerAccount,
                    targetAccount, parameters(params, json), status, errorCode, requestId, state.now()));
        }
        if (dropped) {
            throw new DroppedConnection();
        }
        send(exchange, status, requestId, protocol, responseBody, errorCode);
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

    private static String render(ServiceResponse response, String action, String namespace, String requestId) {
        return switch (response) {
            case ServiceResponse.JsonResult j -> j.body().toString();
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
                yield xml.toString();
            }
        };
    }

    private static String renderError(AwsException e, Protocol protocol, String namespace, String requestId) {
        if (protocol == Protocol.JSON_1_1) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("__type", e.code());
            if (e.getMessage() != null) {
                body.put("Message", e.getMessage());
            }
            e.extraFields().forEach(body::put);
            return body.toString();
        }
        String xmlns = namespace.isEmpty() ? "" : " xmlns=\"" + namespace + "\"";
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse" + xmlns + "><Error><Type>"
                + (e.senderFault() ? "Sender" : "Receiver") + "</Type><Code>" + Xml.escape(e.code()) + "</Code>"
                + "<Message>" + Xml.escape(e.getMessage() == null ? "" : e.getMessage()) + "</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
    }

    private static void send(HttpExchange exchange, int status, String requestId, Protocol protocol, String body,
                             String errorCode) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("x-amzn-RequestId", requestId);
        if (protocol == Protocol.JSON_1_1) {
            headers.set("Content-Type", "application/x-amz-json-1.1");
            if (errorCode != null) {
                headers.set("x-amzn-ErrorType", errorCode
                        + ":http://internal.amazon.com/coral/com.amazonaws.awsorganizations.v20161128/");
            }
        } else {
            headers.set("Content-Type", "text/xml");
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
