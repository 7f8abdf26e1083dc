package io.orgaccessguard.emulator.http;

/** The AWS wire protocols the emulated services use (checked against the SDK 2.40.2 generated clients). */
public enum Protocol {
    /** {@code POST /} with a form-urlencoded {@code Action=...&Version=...} body, answered in XML (STS, IAM, SNS). */
    QUERY,
    /** {@code POST /} with {@code X-Amz-Target: Prefix.Operation} and a JSON body (Organizations, JSON 1.1). */
    JSON_1_1,
    /** The same with {@code Content-Type: application/x-amz-json-1.0} (DynamoDB). */
    JSON_1_0,
    /** REST with XML: the operation is the method and path, parameters are headers and query (S3). */
    REST_XML;

    public boolean isJson() {
        return this == JSON_1_0 || this == JSON_1_1;
    }

    public String jsonContentType() {
        return this == JSON_1_0 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }
}
