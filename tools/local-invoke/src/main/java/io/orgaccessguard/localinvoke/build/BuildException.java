package io.orgaccessguard.localinvoke.build;

/** The function could not be built or laid out. */
public class BuildException extends RuntimeException {

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
