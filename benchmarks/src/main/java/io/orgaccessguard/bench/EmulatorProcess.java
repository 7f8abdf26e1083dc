package io.orgaccessguard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The emulator's standalone jar in a process of its own, so that the benchmark JVM's heap and CPU are the function's
 * alone. Reads the endpoint and the management account's key from its stdout, and its call counts from
 * {@code GET /_emulator/calls/summary}; reads a table item as the management account's administrator would.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI endpoint;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private DynamoDbClient dynamoDb;

    private EmulatorProcess(Process process, URI endpoint, String accessKeyId, String secretAccessKey) {
        this.process = process;
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
    }

    static EmulatorProcess start(Path jar, String heap, Path organization, List<String> options, Path log) {
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-jar", jar.toString(), "--port", "0",
                "--seed", "7", "--org", organization.toString()));
        command.addAll(options);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator: " + command, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        var values = new TreeMap<String, String>();
        var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while (!values.containsKey("secretAccessKey") && (line = out.readLine()) != null) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            process.destroy();
            throw new UncheckedIOException(e);
        }
        if (!values.containsKey("secretAccessKey")) {
            process.destroy();
            throw new IllegalStateException("the emulator did not start; see " + log);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "emulator-stdout");
        drain.setDaemon(true);
        drain.start();
        return new EmulatorProcess(process, URI.create(values.get("endpoint")), values.get("accessKeyId"),
                values.get("secretAccessKey"));
    }

    URI endpoint() {
        return endpoint;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    String secretAccessKey() {
        return secretAccessKey;
    }

    /** CPU time the emulator process has used so far. */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** Requests per operation so far, from the emulator's summary endpoint. */
    CallCounts callCounts() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(
                    "/_emulator/calls/summary")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("summary answered " + response.statusCode() + ": " + response.body());
            }
            JsonNode operations = JSON.readTree(response.body()).path("operations");
            var counts = new TreeMap<String, CallCounts.Operation>();
            operations.properties().forEach(op -> {
                var errors = new TreeMap<String, Long>();
                op.getValue().path("errors").properties().forEach(e -> errors.put(e.getKey(), e.getValue().asLong()));
                var attempts = new TreeMap<Integer, Long>();
                op.getValue().path("attempts").properties().forEach(e -> attempts.put(Integer.parseInt(e.getKey()),
                        e.getValue().asLong()));
                counts.put(op.getKey(), new CallCounts.Operation(op.getValue().path("calls").asLong(), errors,
                        attempts));
            });
            return new CallCounts(counts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One item of a table in the management account, read strongly consistent as its administrator (one GetItem, which
     * the call counts show; read between runs, never within one).
     */
    synchronized Optional<Map<String, AttributeValue>> item(String table, String pk, String sk) {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId,
                            secretAccessKey)))
                    .build();
        }
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    @Override
    public synchronized void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests per {@code service:Action}, with error codes. */
    record CallCounts(Map<String, Operation> operations) {

        static final List<String> THROTTLING_CODES = List.of("Throttling", "TooManyRequestsException", "Throttled");

        /** @param attempts requests by the SDK's attempt number (1 = first try) */
        record Operation(long calls, Map<String, Long> errors, Map<Integer, Long> attempts) {
            long throttled() {
                return THROTTLING_CODES.stream().mapToLong(code -> errors.getOrDefault(code, 0L)).sum();
            }

            /** Calls that were not throttled: the ones the work needed. */
            long needed() {
                return calls - throttled();
            }
        }

        /** What happened between {@code before} and this. */
        CallCounts minus(CallCounts before) {
            var out = new TreeMap<String, Operation>();
            operations.forEach((name, op) -> {
                Operation old = Optional.ofNullable(before.operations.get(name))
                        .orElse(new Operation(0, Map.of(), Map.of()));
                var errors = new TreeMap<String, Long>();
                op.errors().forEach((code, n) -> {
                    long delta = n - old.errors().getOrDefault(code, 0L);
                    if (delta != 0) {
                        errors.put(code, delta);
                    }
                });
                var attempts = new TreeMap<Integer, Long>();
                op.attempts().forEach((attempt, n) -> {
                    long delta = n - old.attempts().getOrDefault(attempt, 0L);
                    if (delta != 0) {
                        attempts.put(attempt, delta);
                    }
                });
                long calls = op.calls() - old.calls();
                if (calls != 0) {
                    out.put(name, new Operation(calls, errors, attempts));
                }
            });
            return new CallCounts(out);
        }

        /** The highest SDK attempt number any request reached. */
        int maxAttempt() {
            return operations.values().stream().flatMap(op -> op.attempts().keySet().stream())
                    .mapToInt(Integer::intValue).max().orElse(0);
        }

        long total() {
            return operations.values().stream().mapToLong(Operation::calls).sum();
        }

        long throttled() {
            return operations.values().stream().mapToLong(Operation::throttled).sum();
        }

        long needed() {
            return operations.values().stream().mapToLong(Operation::needed).sum();
        }

        /** Needed calls of one bucket: a whole service ({@code sts}) or one operation ({@code sts:AssumeRole}). */
        long needed(String bucket) {
            return in(bucket).mapToLong(Operation::needed).sum();
        }

        /** Every request of one bucket, throttled ones included: what the emulator's call log counts. */
        long calls(String bucket) {
            return in(bucket).mapToLong(Operation::calls).sum();
        }

        long throttled(String bucket) {
            return in(bucket).mapToLong(Operation::throttled).sum();
        }

        /** Requests of one bucket answered without any error. */
        long succeeded(String bucket) {
            return in(bucket).mapToLong(op -> op.calls() - op.errors().values().stream().mapToLong(Long::longValue)
                    .sum()).sum();
        }

        private Stream<Operation> in(String bucket) {
            return operations.entrySet().stream()
                    .filter(e -> bucket.contains(":") ? e.getKey().equals(bucket)
                            : e.getKey().startsWith(bucket + ":"))
                    .map(Map.Entry::getValue);
        }
    }
}
