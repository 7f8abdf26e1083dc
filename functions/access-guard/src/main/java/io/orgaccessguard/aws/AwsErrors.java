package io.orgaccessguard.aws;

import io.orgaccessguard.core.model.Reason.Failure;
import io.orgaccessguard.core.port.OperationFailedException;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place SDK exceptions become the core's {@link OperationFailedException}: every call is made through
 * {@link #call}, named with its operation where it is made, so a failure says which operation failed.
 */
final class AwsErrors {

    private AwsErrors() {
    }

    /** Makes one AWS call; an SDK failure is thrown as the named operation's failure. */
    static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failed(operation, e);
        }
    }

    static void run(String operation, Runnable call) {
        call(operation, () -> {
            call.run();
            return null;
        });
    }

    static OperationFailedException failed(String operation, SdkException e) {
        String code = code(e);
        String message = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                ? ase.awsErrorDetails().errorMessage()
                : e.getMessage();
        String detail = message == null ? "" : message.replaceAll("\\s+", " ").strip();
        return new OperationFailedException(new Failure(operation, code.isEmpty() ? e.getClass().getSimpleName() : code,
                detail), isAccessDenied(e), e);
    }

    /** The AWS error code, or empty for client-side failures (network, timeouts). */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorCode() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return "";
    }

    static boolean isAccessDenied(SdkException e) {
        String code = code(e);
        return code.equals("AccessDenied") || code.equals("AccessDeniedException");
    }
}
