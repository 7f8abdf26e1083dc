package io.orgaccessguard.emulator.http;

/** The two AWS wire protocols the emulated services use (checked against the SDK 2.40.2 generated clients). */
public enum Protocol {
    /** {@code POST /} with a form-urlencoded {@code Action=...&Version=...} body, answered in XML (STS, IAM, SNS). */
    QUERY,
    /** {@code POST /} with {@code X-Amz-Target: Prefix.Operation} and a JSON body (Organizations, JSON 1.1). */
    JSON_1_1
}
