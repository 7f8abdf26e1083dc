package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.JsonNode;

/** What a service handler answers on success, in the shape of its protocol. */
public sealed interface ServiceResponse {

    /** The inside of {@code <ActionResult>}; {@code null} for actions that answer only response metadata. */
    record XmlResult(Xml result) implements ServiceResponse {
    }

    record JsonResult(JsonNode body) implements ServiceResponse {
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
}
