package io.orgaccessguard.handler;

import io.orgaccessguard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading the invocation payload and writing the response, shared by both handlers. */
final class EventInput {

    /** Far above any EventBridge event (256 KiB) or sensible manual request; beyond it we refuse to parse. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    private EventInput() {
    }

    /** The payload as a JSON tree; throws {@link PayloadTooLargeException} or {@link Json.MalformedJsonException}. */
    static Object read(InputStream input) throws IOException {
        byte[] payload = input.readNBytes(MAX_PAYLOAD_BYTES + 1);
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new PayloadTooLargeException();
        }
        return Json.parse(new String(payload, StandardCharsets.UTF_8));
    }

    static void write(OutputStream output, Object tree) {
        try {
            output.write(Json.write(tree).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException() {
            super("the payload is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
    }
}
