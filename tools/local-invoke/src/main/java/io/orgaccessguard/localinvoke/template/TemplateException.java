package io.orgaccessguard.localinvoke.template;

/** A template that cannot be read or does not say what is asked of it (missing resource, invalid Globals...). */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
