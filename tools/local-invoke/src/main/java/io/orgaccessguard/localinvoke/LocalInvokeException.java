package io.orgaccessguard.localinvoke;

/** The function cannot be invoked as asked: bad arguments, unresolvable configuration, unsupported runtime. */
public class LocalInvokeException extends RuntimeException {

    public LocalInvokeException(String message) {
        super(message);
    }

    public LocalInvokeException(String message, Throwable cause) {
        super(message, cause);
    }
}
