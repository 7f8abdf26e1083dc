package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a service handler answers on success, in the shape of its protocol. */
public sealed interface ServiceResponse {

    /** The inside of {@code <ActionResult>}; {@code null} for actions that answer only response metadata. */
    record XmlResult(Xml result) implements ServiceResponse {
    }

    record JsonResult(JsonNode body) implements ServiceResponse {
    }

    /** A REST answer: status, headers (in order) and the raw body (never sent for HEAD). */
    record RestResult(int status, Map<String, String> headers, byte[] body) implements ServiceResponse {
        public RestResult {
            headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    static ServiceResponse xml(Xml result) {
        return new XmlResult(result);
    }

    static ServiceResponse empty() {
        return new XmlResult(null);
    }

    static ServiceResponse json(JsonNode body) {
        return new JsonResult(body);
    }

    static ServiceResponse rest(int status, Map<String, String> headers, byte[] body) {
        return new RestResult(status, headers, body);
    }
}
