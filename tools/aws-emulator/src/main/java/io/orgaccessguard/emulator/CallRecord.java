package io.orgaccessguard.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * One request the emulator received, for asserting exactly what a client sent.
 *
 * @param callerArn null when the request could not be authenticated
 * @param targetAccount the account acted on where that differs from "the caller's" notion (AssumeRole's role account,
 *     DescribeAccount's account, the topic owner of Publish), else the caller's account
 * @param parameters request parameters (query parameters, or the top-level JSON members as text); never credentials
 * @param errorCode null on success; {@code ConnectionDropped} for a scripted dropped connection (status 0)
 */
public record CallRecord(String service, String action, String callerArn, String callerAccount, String targetAccount,
                         Map<String, String> parameters, int httpStatus, String errorCode, String requestId,
                         Instant time) {

    public CallRecord {
        parameters = Map.copyOf(parameters);
    }

    public boolean succeeded() {
        return errorCode == null;
    }
}
