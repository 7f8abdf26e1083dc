package io.orgaccessguard.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** The one place SDK exceptions are turned into words and codes. */
public final class AwsErrors {

    private AwsErrors() {
    }

    /** The AWS error code, or empty for client-side failures (network, timeouts). */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return "";
    }

    public static boolean isAccessDenied(SdkException e) {
        String code = code(e);
        return code.equals("AccessDenied") || code.equals("AccessDeniedException");
    }

    /** A one-line reason for a result: the operation, the error code and AWS's message. */
    public static String describe(String operation, SdkException e) {
        String code = code(e);
        String message = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                ? ase.awsErrorDetails().errorMessage()
                : e.getMessage();
        String detail = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return operation + " failed: " + (code.isEmpty() ? e.getClass().getSimpleName() : code)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
