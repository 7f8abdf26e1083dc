package io.orgaccessguard.localinvoke;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The outcome of one invocation, with Lambda's REPORT figures.
 *
 * @param requestId        the invocation's request id
 * @param status           how it ended
 * @param responseJson     the function's response payload (UTF-8), on {@link Status#SUCCESS}; else {@code null}
 * @param errorType        the error type ({@code java.lang.IllegalStateException}, {@code Sandbox.Timedout},
 *                         {@code Runtime.ExitError}...), or {@code null} on success
 * @param errorMessage     the error message, or {@code null} on success
 * @param stackTrace       the error's stack trace lines as the runtime reported them; empty if none
 * @param errorJson        the error payload as Lambda's Invoke API returns it ({@code errorMessage},
 *                         {@code errorType}, {@code stackTrace}), or {@code null} on success
 * @param initDurationMs   JVM start to the runtime's first {@code invocation/next}, for the invocation that
 *                         started the JVM (cold); {@code null} for warm invocations
 * @param durationMs       event handed to the runtime to response received (or to the timeout)
 * @param billedDurationMs {@code durationMs} rounded up to a millisecond
 * @param memorySizeMb     the function's configured memory
 * @param maxMemoryUsedMb  the function JVM's peak resident set (VmHWM) when the response arrived; -1 if unknown
 * @param logs             what the function JVM printed (stdout and stderr) for this invocation, including init
 *                         output on a cold start
 */
public record InvokeResult(String requestId, Status status, String responseJson, String errorType,
                           String errorMessage, List<String> stackTrace, String errorJson, Double initDurationMs,
                           double durationMs, long billedDurationMs, int memorySizeMb, long maxMemoryUsedMb,
                           String logs) {

    /** How an invocation ended. */
    public enum Status {
        /** The function returned a response. */
        SUCCESS,
        /** The function threw; the runtime posted {@code invocation/{id}/error}. */
        FUNCTION_ERROR,
        /** No response within the function's timeout; the JVM was killed. */
        TIMEOUT,
        /** The runtime posted {@code init/error} (e.g. handler class not found, constructor threw). */
        INIT_ERROR,
        /** The JVM exited (or never got ready) without answering. */
        RUNTIME_EXIT
    }

    public InvokeResult {
        stackTrace = stackTrace == null ? List.of() : List.copyOf(stackTrace);
    }

    /** Whether the function returned a response. */
    public boolean isSuccess() {
        return status == Status.SUCCESS;
    }

    /** {@link #initDurationMs()} as an Optional: present for a cold start. */
    public Optional<Double> initDuration() {
        return Optional.ofNullable(initDurationMs);
    }

    /**
     * Lambda's REPORT line, e.g. {@code REPORT RequestId: ...	Duration: 12.34 ms	Billed Duration: 13 ms	Memory Size:
     * 512 MB	Max Memory Used: 143 MB	Init Duration: 456.78 ms} (tab-separated), with {@code Status} and
     * {@code Error Type} fields appended when the invocation did not succeed.
     */
    public String reportLine() {
        StringBuilder line = new StringBuilder();
        line.append("REPORT RequestId: ").append(requestId)
                .append("\tDuration: ").append(String.format(Locale.ROOT, "%.2f", durationMs)).append(" ms")
                .append("\tBilled Duration: ").append(billedDurationMs).append(" ms")
                .append("\tMemory Size: ").append(memorySizeMb).append(" MB")
                .append("\tMax Memory Used: ").append(maxMemoryUsedMb < 0 ? "?" : Long.toString(maxMemoryUsedMb))
                .append(" MB");
        if (initDurationMs != null) {
            line.append("\tInit Duration: ").append(String.format(Locale.ROOT, "%.2f", initDurationMs)).append(" ms");
        }
        switch (status) {
            case TIMEOUT -> line.append("\tStatus: timeout");
            case INIT_ERROR, RUNTIME_EXIT -> line.append("\tStatus: error\tError Type: ").append(errorType);
            default -> {
            }
        }
        return line.toString();
    }
}
