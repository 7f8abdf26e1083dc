package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.Reason.Failure;

/**
 * An AWS operation failed. Thrown by the adapters, which name the operation where they make the call, so the core
 * reports which one failed without tracking a step of its own.
 */
public final class OperationFailedException extends RuntimeException {

    private final Failure failure;
    private final boolean accessDenied;

    public OperationFailedException(Failure failure, boolean accessDenied, Throwable cause) {
        super(failure.operation() + " failed: " + failure.errorCode()
                + (failure.message().isEmpty() ? "" : " (" + failure.message() + ")"), cause);
        this.failure = failure;
        this.accessDenied = accessDenied;
    }

    public Failure failure() {
        return failure;
    }

    /** The caller may not do this (AccessDenied and its kin): a person's problem, not one a retry solves. */
    public boolean accessDenied() {
        return accessDenied;
    }
}
