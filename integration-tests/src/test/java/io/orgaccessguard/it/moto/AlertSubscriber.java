package io.orgaccessguard.it.moto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orgaccessguard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP subscriber of the alert topic: what moto's SNS delivers is what the tests read as "published". moto delivers
 * to an {@code http} subscriber while it handles {@code Publish}, so every message is here when the function's
 * invocation has returned. With {@code MessageStructure=json} the subscriber receives the message's {@code http}
 * entry, the machine JSON.
 */
final class AlertSubscriber implements AutoCloseable {

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    private AlertSubscriber(HttpServer server) {
        this.server = server;
    }

    static AlertSubscriber start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AlertSubscriber subscriber = new AlertSubscriber(server);
            server.createContext("/", subscriber::receive);
            server.start();
            return subscriber;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
    }

    /** Every message delivered since the last {@link #clear()}, in order. */
    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every account a delivered message announces: one per single-account message, each account of a digest. */
    List<Announcement> announcements() {
        return deliveries.stream().flatMap(delivery -> delivery.announcements().stream()).toList();
    }

    void clear() {
        deliveries.clear();
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(Delivery.of(body));
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * One SNS notification as an HTTP subscriber receives it.
     *
     * @param subject the message's subject
     * @param message the protocol's entry of the structured message: the function's machine JSON
     */
    record Delivery(String subject, Map<String, Object> message) {

        @SuppressWarnings("unchecked")
        static Delivery of(String notification) {
            Map<String, Object> envelope = (Map<String, Object>) Json.parse(notification);
            return new Delivery((String) envelope.get("Subject"),
                    (Map<String, Object>) Json.parse((String) envelope.get("Message")));
        }

        @SuppressWarnings("unchecked")
        List<Announcement> announcements() {
            if ("digest".equals(message.get("type"))) {
                // The digest's machine JSON is compact: the announced accounts' IDs by outcome.
                return ((Map<String, List<String>>) message.get("accountIdsByOutcome")).entrySet().stream()
                        .flatMap(entry -> entry.getValue().stream().map(id -> new Announcement(id, entry.getKey())))
                        .toList();
            }
            return List.of(Announcement.of(message));
        }
    }

    /** An account a message tells people about, with the outcome it tells. */
    record Announcement(String accountId, String outcome) {
        static Announcement of(Map<String, Object> json) {
            return new Announcement((String) json.get("accountId"), (String) json.get("outcome"));
        }
    }
}
