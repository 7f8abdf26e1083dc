package io.orgaccessguard.it.moto;

import static io.orgaccessguard.it.support.OutsideTool.MOTO;

import io.orgaccessguard.it.support.OutsideTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * moto in server mode on a free loopback port, started by the test and stopped after it: {@code <python> moto_server.py
 * -H 127.0.0.1 -p <port>}, where {@code <python>} is the interpreter that imports moto ({@link OutsideTool#MOTO}:
 * {@code MOTO_PYTHON}, then each {@code python3} on PATH) and {@code moto_server.py} (resources, {@code moto/}) is
 * {@code python3 -m moto.server} plus the one AWS rule moto lacks that the suite needs (AssumeRole refuses a role that
 * does not exist) and a shortcut that only saves time (AWS managed policies in the {@code aws} partition only); see
 * the file.
 *
 * <p>Only for tests {@code @OutsideTool.Required(MOTO)}: without moto they are skipped, and fail under CI, so that CI
 * never passes by skipping its outside judge. {@code .ci/run} installs moto where it is missing (see
 * {@code src/test/resources/moto/README.md}).
 */
final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI endpoint;
    private final String version;
    private final Path log;

    private MotoServer(Process process, URI endpoint, String version, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.version = version;
        this.log = log;
    }

    /** Starts moto with the interpreter that imports it. */
    static MotoServer start(Path logDirectory) {
        OutsideTool.Found python = MOTO.found();
        String version = python.version();
        Path script = script();
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            int port = freeLoopbackPort();
            Path log = logDirectory.resolve("moto-server-" + port + ".log");
            try {
                Files.createDirectories(logDirectory);
                ProcessBuilder builder = new ProcessBuilder(python.with(script.toString(), "-H", "127.0.0.1",
                        "-p", Integer.toString(port)))
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = builder.environment();
                // Would pin every request to one account; accounts must follow the credentials, as in AWS.
                env.remove("MOTO_ACCOUNT_ID");
                // AWS managed policies (AdministratorAccess among them) exist in moto's IAM only when asked for.
                env.put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
                Process process = builder.start();
                // Should the test JVM end without closing it (killed by a timeout, System.exit), moto ends too.
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop moto " + port));
                URI endpoint = URI.create("http://127.0.0.1:" + port);
                if (awaitReady(process, endpoint)) {
                    return new MotoServer(process, endpoint, version, log);
                }
                process.destroyForcibly();
                lastFailure = new IOException("moto exited with " + process.waitFor() + " before it listened on "
                        + port + ":\n" + tail(log));
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("could not start moto", lastFailure);
    }

    /** Where the SDK clients and the function send their requests ({@code AWS_ENDPOINT_URL}). */
    URI endpoint() {
        return endpoint;
    }

    String version() {
        return version;
    }

    /** Forgets every account, organization, role and topic, as a fresh server would. */
    void reset() {
        post("/moto-api/reset");
    }

    private void post(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server this instance started, and only it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "moto " + version + " at " + endpoint + " (log: " + log + ")";
    }

    private static Path script() {
        URL resource = MotoServer.class.getResource("/moto/moto_server.py");
        if (resource == null) {
            throw new IllegalStateException("moto/moto_server.py is not on the test classpath");
        }
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls moto's own API until it answers; false when the process died first. */
    private static boolean awaitReady(Process process, URI endpoint) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpRequest ping = HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2))
                .GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HTTP.send(ping, HttpResponse.BodyHandlers.discarding());
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
