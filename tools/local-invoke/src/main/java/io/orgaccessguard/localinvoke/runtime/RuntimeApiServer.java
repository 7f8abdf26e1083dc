package io.orgaccessguard.localinvoke.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local implementation of the Lambda Runtime API, version 2018-06-01, on {@code 127.0.0.1} (free port):
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}: long-polls until an invocation is {@link #submit submitted},
 *       then answers 200 with the event as body and the headers {@code Lambda-Runtime-Aws-Request-Id},
 *       {@code Lambda-Runtime-Deadline-Ms}, {@code Lambda-Runtime-Invoked-Function-Arn},
 *       {@code Lambda-Runtime-Trace-Id};</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response}: 202; 413 over 6 MB; 400 for an unknown id;</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/error} (error type in
 *       {@code Lambda-Runtime-Function-Error-Type}): 202;</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error}: 202;</li>
 *   <li>{@code GET /2018-06-01/runtime/restore/next} (SnapStart) 200, {@code POST .../restore/error} 202.</li>
 * </ul>
 * One runtime (one function JVM) talks to one server.
 */
public final class RuntimeApiServer implements AutoCloseable {

    /** Lambda's limit of a synchronous response payload: 6 MB. */
    public static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION = Pattern.compile(
            "/2018-06-01/runtime/invocation/([^/]+)/(response|error)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inflight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstNext = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreNext = new CompletableFuture<>();
    private final CompletableFuture<Outcome.Failure> initError = new CompletableFuture<>();
    private volatile boolean closed;

    /** Starts the server on {@code 127.0.0.1} with a free port. */
    public RuntimeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        InetSocketAddress a = server.getAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    /** Completes with {@link System#nanoTime()} when the runtime first asks for an invocation (init is done). */
    public CompletableFuture<Long> firstNext() {
        return firstNext;
    }

    /** Completes with {@link System#nanoTime()} when a SnapStart runtime calls {@code restore/next}. */
    public CompletableFuture<Long> restoreNext() {
        return restoreNext;
    }

    /** Completes when the runtime reports an init (or restore) error. */
    public CompletableFuture<Outcome.Failure> initError() {
        return initError;
    }

    /** Queues an invocation; the runtime gets it with its next {@code invocation/next}. */
    public Invocation submit(String requestId, byte[] payload, String functionArn, String traceId, long timeoutMs) {
        Invocation invocation = new Invocation(requestId, payload, functionArn, traceId, timeoutMs);
        pending.add(invocation);
        return invocation;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            byte[] body = readBody(exchange.getRequestBody());
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
                return;
            }
            if (method.equals("GET") && path.equals(PREFIX + "restore/next")) {
                restoreNext.complete(System.nanoTime());
                send(exchange, 200, new byte[0]);
                return;
            }
            if (method.equals("POST") && (path.equals(PREFIX + "init/error") || path.equals(PREFIX + "restore/error"))) {
                initError.complete(new Outcome.Failure(errorType(exchange, body), body, System.nanoTime()));
                sendJson(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher m = INVOCATION.matcher(path);
            if (method.equals("POST") && m.matches()) {
                long now = System.nanoTime();
                Invocation invocation = inflight.remove(m.group(1));
                if (invocation == null) {
                    sendJson(exchange, 400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
                    return;
                }
                if (m.group(2).equals("response")) {
                    if (body.length > MAX_RESPONSE_BYTES) {
                        String message = "Response payload size (" + body.length + " bytes) exceeded maximum allowed "
                                + "payload size (" + MAX_RESPONSE_BYTES + " bytes).";
                        String json = "{\"errorMessage\":\"" + message + "\",\"errorType\":\"Function.ResponseSizeTooLarge\"}";
                        invocation.outcome.complete(new Outcome.Failure("Function.ResponseSizeTooLarge",
                                json.getBytes(StandardCharsets.UTF_8), now));
                        sendJson(exchange, 413, json);
                        return;
                    }
                    invocation.outcome.complete(new Outcome.Success(body, now));
                } else {
                    invocation.outcome.complete(new Outcome.Failure(errorType(exchange, body), body, now));
                }
                sendJson(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            sendJson(exchange, 404, "{\"errorMessage\":\"Unknown path " + method + " " + path
                    + "\",\"errorType\":\"InvalidRequest\"}");
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstNext.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = pending.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            return; // shutting down: the connection is closed without an answer
        }
        inflight.put(invocation.requestId, invocation);
        long deliveredAt = System.nanoTime();
        long deadline = System.currentTimeMillis() + invocation.timeoutMs;
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn);
        headers.set("Lambda-Runtime-Trace-Id", invocation.traceId);
        invocation.delivered.complete(deliveredAt);
        send(exchange, 200, invocation.payload);
    }

    private static String errorType(HttpExchange exchange, byte[] body) {
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        return header == null || header.isBlank() ? "Unhandled" : header;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    private static void sendJson(HttpExchange exchange, int status, String json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** One event handed to the runtime. */
    public static final class Invocation {
        private final String requestId;
        private final byte[] payload;
        private final String functionArn;
        private final String traceId;
        private final long timeoutMs;
        private final CompletableFuture<Long> delivered = new CompletableFuture<>();
        private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

        Invocation(String requestId, byte[] payload, String functionArn, String traceId, long timeoutMs) {
            this.requestId = Objects.requireNonNull(requestId);
            this.payload = Objects.requireNonNull(payload);
            this.functionArn = Objects.requireNonNull(functionArn);
            this.traceId = Objects.requireNonNull(traceId);
            this.timeoutMs = timeoutMs;
        }

        public String requestId() {
            return requestId;
        }

        /** Completes with {@link System#nanoTime()} when the event is handed to the runtime. */
        public CompletableFuture<Long> delivered() {
            return delivered;
        }

        /** Completes when the runtime posts the response or the error. */
        public CompletableFuture<Outcome> outcome() {
            return outcome;
        }
    }

    /** What the runtime answered. */
    public sealed interface Outcome {
        /** {@link System#nanoTime()} when it arrived. */
        long receivedAt();

        /** {@code invocation/{id}/response}. */
        record Success(byte[] body, long receivedAt) implements Outcome {
        }

        /** {@code invocation/{id}/error}, {@code init/error} or {@code restore/error}. */
        record Failure(String errorType, byte[] body, long receivedAt) implements Outcome {
        }
    }
}
