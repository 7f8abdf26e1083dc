package io.orgaccessguard.it.failures;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A byte-for-byte TCP relay in front of the emulator that keeps a copy of everything the emulator answers, so a test
 * can read the credentials STS really handed to the function ({@code <SecretAccessKey>}, {@code <SessionToken>} of
 * every AssumeRole response). It changes nothing on the wire: the SigV4 signature covers the Host header the client
 * sent, which reaches the emulator unchanged.
 */
final class RecordingProxy implements AutoCloseable {

    private static final Pattern SECRET = Pattern.compile("<SecretAccessKey>([^<]+)</SecretAccessKey>");
    private static final Pattern TOKEN = Pattern.compile("<SessionToken>([^<]+)</SessionToken>");
    private static final Pattern KEY_ID = Pattern.compile("<AccessKeyId>([^<]+)</AccessKeyId>");

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ByteArrayOutputStream> responses = new CopyOnWriteArrayList<>();
    private volatile URI target;

    private RecordingProxy() throws IOException {
        server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("recording-proxy").start(this::accept);
    }

    static RecordingProxy start() {
        try {
            return new RecordingProxy();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Relays to {@code emulator} and returns the proxy's own endpoint, for {@code Guard.start(..., route)}. */
    URI route(URI emulator) {
        target = emulator;
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The secret access keys of every AssumeRole answer relayed so far. */
    Set<String> issuedSecretAccessKeys() {
        return all(SECRET);
    }

    /** The session tokens of every AssumeRole answer relayed so far. */
    Set<String> issuedSessionTokens() {
        return all(TOKEN);
    }

    Set<String> issuedAccessKeyIds() {
        return all(KEY_ID);
    }

    private Set<String> all(Pattern pattern) {
        var found = new LinkedHashSet<String>();
        for (ByteArrayOutputStream response : responses) {
            String text;
            synchronized (response) {
                text = response.toString(StandardCharsets.UTF_8);
            }
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(target.getHost(), target.getPort()), 5_000);
                sockets.add(client);
                sockets.add(upstream);
                var copy = new ByteArrayOutputStream();
                responses.add(copy);
                Thread.ofVirtual().start(() -> pipe(client, upstream, null));
                Thread.ofVirtual().start(() -> pipe(upstream, client, copy));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to, ByteArrayOutputStream copy) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (copy != null) {
                    synchronized (copy) {
                        copy.write(buffer, 0, read);
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException ignored) {
            // One side closed: close the other so the peer sees it too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(RecordingProxy::closeQuietly);
    }
}
