package io.orgaccessguard.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.localinvoke.runtime.RuntimeApiServer;
import io.orgaccessguard.localinvoke.runtime.RuntimeApiServer.Outcome;
import io.orgaccessguard.localinvoke.runtime.RuntimeClasspath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One execution environment: a fresh function JVM running the Lambda runtime interface client against a local
 * {@link RuntimeApiServer}. The first {@link #invoke(String)} is the cold start (its result carries the init
 * duration); later ones are warm, in the same JVM. A timeout or a crash ends the environment, as in Lambda; further
 * invocations then throw {@link IllegalStateException}.
 *
 * <p>Not thread-safe: one invocation at a time, as in Lambda's default (non-managed-instance) mode.
 */
public final class FunctionInstance implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long QUIET_LOG_MILLIS = 100;
    private static final long MAX_LOG_WAIT_MILLIS = 1500;

    private final LaunchSpec spec;
    private final RuntimeApiServer server;
    private final Process process;
    private final long startedAt;
    private final List<String> command;
    private final StringBuilder logs = new StringBuilder();
    private final List<Thread> readers = new ArrayList<>();
    private final Thread shutdownHook;
    private volatile long lastOutputAt = System.nanoTime();
    private boolean initialized;
    private boolean dead;

    /**
     * What to start.
     *
     * @param java               the {@code java} executable
     * @param jvmArgs            extra JVM options, after the Lambda-like ones
     * @param taskRoot           the function layout (classes at its root, {@code lib/*.jar}); the JVM's working
     *                           directory, where the runtime loads the function from
     * @param handler            the {@code Handler} string
     * @param environment        the complete environment but {@code AWS_LAMBDA_RUNTIME_API}, which is added
     * @param memoryMb           {@code MemorySize}: sizes the heap like Lambda (85 %)
     * @param timeoutSeconds     the invocation timeout
     * @param initTimeoutSeconds how long the runtime may take to ask for its first invocation
     * @param functionArn        the ARN sent in {@code Lambda-Runtime-Invoked-Function-Arn}
     * @param runtimeDirectory   where the RIC's JNI library is unpacked
     * @param logSink            receives every line the function prints, and START/END/REPORT lines; may be null
     */
    public record LaunchSpec(Path java, List<String> jvmArgs, Path taskRoot, String handler,
                             Map<String, String> environment, int memoryMb, int timeoutSeconds,
                             int initTimeoutSeconds, String functionArn, Path runtimeDirectory,
                             Consumer<String> logSink) {
        public LaunchSpec {
            Objects.requireNonNull(java, "java");
            jvmArgs = List.copyOf(jvmArgs);
            Objects.requireNonNull(taskRoot, "taskRoot");
            Objects.requireNonNull(handler, "handler");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(functionArn, "functionArn");
            Objects.requireNonNull(runtimeDirectory, "runtimeDirectory");
        }
    }

    private FunctionInstance(LaunchSpec spec, RuntimeApiServer server, Process process, long startedAt,
                             List<String> command) {
        this.spec = spec;
        this.server = server;
        this.process = process;
        this.startedAt = startedAt;
        this.command = command;
        readers.add(Thread.ofVirtual().name("function-stdout").start(() -> pump(process.getInputStream())));
        readers.add(Thread.ofVirtual().name("function-stderr").start(() -> pump(process.getErrorStream())));
        // never leave a function JVM behind when this one is stopped (Ctrl-C)
        shutdownHook = new Thread(process::destroyForcibly, "kill-function-jvm");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the runtime API server and the function JVM. Returns at once; the JVM initialises while the first
     * {@link #invoke(String)} waits for it.
     */
    public static FunctionInstance launch(LaunchSpec spec) {
        RuntimeApiServer server;
        try {
            server = new RuntimeApiServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local Runtime API: " + e.getMessage(), e);
        }
        try {
            Path nativeLibrary = RuntimeClasspath.nativeLibrary(spec.runtimeDirectory());
            List<String> command = jvmCommand(spec, nativeLibrary);
            ProcessBuilder pb = new ProcessBuilder(command).directory(spec.taskRoot().toFile());
            pb.environment().clear();
            pb.environment().putAll(spec.environment());
            pb.environment().put("AWS_LAMBDA_RUNTIME_API", server.address());
            long startedAt = System.nanoTime();
            Process process = pb.start();
            process.getOutputStream().close();
            return new FunctionInstance(spec, server, process, startedAt, command);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e instanceof RuntimeException re ? re : new UncheckedIOException(
                    "cannot start " + spec.java() + ": " + e.getMessage(), (IOException) e);
        }
    }

    /**
     * The JVM command line, mirroring Lambda's java21 managed runtime: heap capped at 85 % of the memory size,
     * serial GC, tiered compilation stopped at C1 (Lambda's default since java17), IPv4 preferred, then the given
     * extra options, the RIC and its dependencies as class path (the function is not on it: the RIC loads it from
     * the working directory and its {@code lib/}), and the RIC's main class with the handler as argument.
     * {@code JAVA_TOOL_OPTIONS} from the function's environment applies on top, as in Lambda.
     */
    public static List<String> jvmCommand(LaunchSpec spec, Path nativeLibrary) {
        long memoryKb = spec.memoryMb() * 1024L;
        List<String> command = new ArrayList<>();
        command.add(spec.java().toString());
        command.add("-XX:MaxHeapSize=" + (long) Math.ceil(memoryKb * 0.85) + "k");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeClasspath.JNI_PROPERTY + "=" + nativeLibrary);
        if (LocalInvoke.javaMajorVersion(spec.java()) >= 22) {
            // Java 22+ warns when a class-path library calls System.load; Lambda's java21 does not
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(spec.jvmArgs());
        command.add("-classpath");
        command.add(RuntimeClasspath.jars().stream().map(Path::toString).collect(Collectors.joining(":")));
        command.add(RuntimeClasspath.MAIN_CLASS);
        command.add(spec.handler());
        return command;
    }

    /** The JVM command line used. */
    public List<String> command() {
        return command;
    }

    /** The function JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the JVM is running and can take an invocation. */
    public boolean isAlive() {
        return !dead && process.isAlive();
    }

    /**
     * Hands one event to the function and waits for its response, error or timeout.
     *
     * @param eventJson the event (a JSON document)
     * @throws IllegalArgumentException if the event is not JSON
     * @throws IllegalStateException if this environment has ended (timeout, crash, init error, closed)
     */
    public synchronized InvokeResult invoke(String eventJson) {
        LocalInvoke.validateJson(eventJson);
        if (dead) {
            throw new IllegalStateException("this execution environment has ended; start a new one");
        }
        String requestId = UUID.randomUUID().toString();
        int logStart;
        synchronized (logs) {
            logStart = logs.length();
        }
        Double initDurationMs = null;
        if (!initialized) {
            InvokeResult failure = awaitInit(requestId, logStart);
            if (failure != null) {
                return failure;
            }
            initialized = true;
            initDurationMs = (server.firstNext().join() - startedAt) / 1e6;
        }
        emit("START RequestId: " + requestId + " Version: " + spec.environment()
                .getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"));
        RuntimeApiServer.Invocation invocation = server.submit(requestId, eventJson.getBytes(StandardCharsets.UTF_8),
                spec.functionArn(), traceId(), spec.timeoutSeconds() * 1000L);
        long deliveredAt;
        try {
            deliveredAt = waitFor(invocation.delivered(), Long.MAX_VALUE);
        } catch (ProcessExited e) {
            return exited(requestId, initDurationMs, 0, logStart);
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
        long timeoutNanos = spec.timeoutSeconds() * 1_000_000_000L;
        Outcome outcome;
        try {
            outcome = waitFor(invocation.outcome(), deliveredAt + timeoutNanos);
        } catch (ProcessExited e) {
            return exited(requestId, initDurationMs, (System.nanoTime() - deliveredAt) / 1e6, logStart);
        } catch (TimeoutException e) {
            long memory = maxMemoryUsedMb();
            kill();
            String message = "Task timed out after " + String.format(Locale.ROOT, "%.2f", (double) spec.timeoutSeconds())
                    + " seconds";
            emit(Instant.now() + " " + requestId + " " + message);
            String errorMessage = "RequestId: " + requestId + " Error: " + message;
            return finish(requestId, InvokeResult.Status.TIMEOUT, null, "Sandbox.Timedout", errorMessage, List.of(),
                    initDurationMs, spec.timeoutSeconds() * 1000.0, memory, logStart);
        }
        long memory = maxMemoryUsedMb();
        double durationMs = (outcome.receivedAt() - deliveredAt) / 1e6;
        if (outcome instanceof Outcome.Success success) {
            return finish(requestId, InvokeResult.Status.SUCCESS, new String(success.body(), StandardCharsets.UTF_8),
                    null, null, List.of(), initDurationMs, durationMs, memory, logStart);
        }
        Outcome.Failure failure = (Outcome.Failure) outcome;
        ErrorBody error = ErrorBody.parse(failure.errorType(), failure.body());
        return finish(requestId, InvokeResult.Status.FUNCTION_ERROR, null, error.type(), error.message(),
                error.stackTrace(), initDurationMs, durationMs, memory, logStart);
    }

    /** Kills the function JVM (if still running) and stops the runtime API server. */
    @Override
    public synchronized void close() {
        dead = true;
        kill();
        server.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    /** Everything the function JVM printed so far. */
    public String allLogs() {
        synchronized (logs) {
            return logs.toString();
        }
    }

    private InvokeResult awaitInit(String requestId, int logStart) {
        CompletableFuture<Object> ready = CompletableFuture.anyOf(server.firstNext(), server.initError());
        long limit = startedAt + spec.initTimeoutSeconds() * 1_000_000_000L;
        try {
            waitFor(ready, limit);
        } catch (ProcessExited e) {
            if (!server.initError().isDone()) {
                return exited(requestId, elapsedSinceStart(), 0, logStart);
            }
        } catch (TimeoutException e) {
            double init = elapsedSinceStart();
            kill();
            emit("INIT_REPORT Init Duration: " + String.format(Locale.ROOT, "%.2f", init)
                    + " ms\tPhase: init\tStatus: timeout");
            return finish(requestId, InvokeResult.Status.INIT_ERROR, null, "Sandbox.Timedout",
                    "Init phase did not complete within " + spec.initTimeoutSeconds() + " seconds", List.of(),
                    init, 0, maxMemoryUsedMb(), logStart);
        }
        if (server.initError().isDone()) {
            Outcome.Failure failure = server.initError().join();
            long memory = maxMemoryUsedMb();
            double init = (failure.receivedAt() - startedAt) / 1e6;
            try {
                process.waitFor(2, TimeUnit.SECONDS); // the RIC exits after reporting; let its log lines out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
            ErrorBody error = ErrorBody.parse(failure.errorType(), failure.body());
            emit("INIT_REPORT Init Duration: " + String.format(Locale.ROOT, "%.2f", init)
                    + " ms\tPhase: init\tStatus: error\tError Type: " + error.type());
            return finish(requestId, InvokeResult.Status.INIT_ERROR, null, error.type(), error.message(),
                    error.stackTrace(), init, 0, memory, logStart);
        }
        return null;
    }

    private InvokeResult exited(String requestId, Double initDurationMs, double durationMs, int logStart) {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String status = process.isAlive() ? "killed" : "exit status " + process.exitValue();
        kill();
        String message = "RequestId: " + requestId + " Error: Runtime exited with error: " + status;
        emit(message);
        return finish(requestId, InvokeResult.Status.RUNTIME_EXIT, null, "Runtime.ExitError", message, List.of(),
                initDurationMs, durationMs, -1, logStart);
    }

    private InvokeResult finish(String requestId, InvokeResult.Status status, String response, String errorType,
                                String errorMessage, List<String> stackTrace, Double initDurationMs,
                                double durationMs, long maxMemoryMb, int logStart) {
        if (status != InvokeResult.Status.SUCCESS && status != InvokeResult.Status.FUNCTION_ERROR) {
            dead = true;
            kill();
        }
        awaitQuietLogs(status == InvokeResult.Status.SUCCESS ? 20 : 250);
        String invocationLogs;
        synchronized (logs) {
            invocationLogs = logs.substring(Math.min(logStart, logs.length()));
        }
        String errorJson = null;
        if (errorType != null) {
            ObjectNode node = JSON.createObjectNode();
            node.put("errorMessage", errorMessage);
            node.put("errorType", errorType);
            if (!stackTrace.isEmpty()) {
                stackTrace.forEach(node.putArray("stackTrace")::add);
            }
            errorJson = node.toString();
        }
        InvokeResult result = new InvokeResult(requestId, status, response, errorType, errorMessage, stackTrace,
                errorJson, initDurationMs, durationMs, (long) Math.ceil(durationMs), spec.memoryMb(), maxMemoryMb,
                invocationLogs);
        if (status != InvokeResult.Status.INIT_ERROR) {
            emit("END RequestId: " + requestId);
        }
        emit(result.reportLine());
        return result;
    }

    /**
     * Waits at least {@code minMillis}, then until the JVM has printed nothing for a moment (or has exited and its
     * pipes are drained): the runtime logs an error only after posting it.
     */
    private void awaitQuietLogs(long minMillis) {
        long start = System.nanoTime();
        long deadline = start + MAX_LOG_WAIT_MILLIS * 1_000_000L;
        sleep(minMillis);
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                for (Thread reader : readers) {
                    try {
                        reader.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                return;
            }
            if (System.nanoTime() - lastOutputAt > QUIET_LOG_MILLIS * 1_000_000L) {
                return;
            }
            sleep(10);
        }
    }

    private <T> T waitFor(CompletableFuture<T> future, long deadlineNanos) throws ProcessExited, TimeoutException {
        while (true) {
            try {
                return future.get(20, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    sleep(50); // a last answer may still be in flight
                    if (future.isDone()) {
                        continue;
                    }
                    throw new ProcessExited();
                }
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos >= 0) {
                    throw e;
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private double elapsedSinceStart() {
        return (System.nanoTime() - startedAt) / 1e6;
    }

    /** Peak resident set size of the function JVM, from {@code /proc/<pid>/status} VmHWM; -1 if unknown. */
    private long maxMemoryUsedMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return (kb + 1023) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone, or not Linux
        }
        return -1;
    }

    private void kill() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Copies one output stream of the JVM into the logs, a line at a time. A write without a trailing newline (e.g.
     * {@code context.getLogger().log("...")}) becomes a line of its own once nothing more arrives for a moment.
     */
    private void pump(InputStream stream) {
        byte[] buffer = new byte[8192];
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try (stream) {
            int n;
            while ((n = stream.read(buffer)) > 0) {
                lastOutputAt = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line(line);
                    } else {
                        line.write(buffer[i]);
                    }
                }
                if (line.size() > 0 && !moreWithin(stream, 25)) {
                    line(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        if (line.size() > 0) {
            line(line);
        }
    }

    private static boolean moreWithin(InputStream stream, long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (stream.available() == 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            sleep(2);
        }
        return true;
    }

    private void line(java.io.ByteArrayOutputStream bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        bytes.reset();
        synchronized (logs) {
            logs.append(text).append('\n');
        }
        lastOutputAt = System.nanoTime();
        emit(text);
    }

    private void emit(String line) {
        Consumer<String> sink = spec.logSink();
        if (sink != null) {
            sink.accept(line);
        }
    }

    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0;Lineage=1:" + hex.formatHex(parent, 0, 4) + ":0";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ProcessExited extends Exception {
        ProcessExited() {
            super(null, null, false, false);
        }
    }

    /** The {@code errorMessage}/{@code errorType}/{@code stackTrace} the runtime posts. */
    record ErrorBody(String type, String message, List<String> stackTrace) {
        static ErrorBody parse(String headerType, byte[] body) {
            String type = headerType;
            String message = new String(body, StandardCharsets.UTF_8);
            List<String> stack = new ArrayList<>();
            try {
                JsonNode node = JSON.readTree(body);
                if (node != null && node.isObject()) {
                    if (node.hasNonNull("errorType")) {
                        type = node.get("errorType").asText();
                    }
                    message = node.hasNonNull("errorMessage") ? node.get("errorMessage").asText() : "";
                    if (node.get("stackTrace") instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                        array.forEach(e -> stack.add(e.asText()));
                    }
                }
            } catch (IOException e) {
                // not JSON: keep the raw body as message
            }
            return new ErrorBody(type, message, stack);
        }
    }
}
