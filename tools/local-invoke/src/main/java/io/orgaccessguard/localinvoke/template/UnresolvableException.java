package io.orgaccessguard.localinvoke.template;

/**
 * An intrinsic function whose value cannot be known locally: a {@code !GetAtt} or {@code !Ref} of a resource that was
 * given no value, an {@code !ImportValue}, a parameter without default nor override, an unknown name in a
 * {@code !Sub}... The message says which one.
 */
public class UnresolvableException extends TemplateException {

    public UnresolvableException(String message) {
        super(message);
    }
}
