package io.orgaccessguard.emulator.policy;

/** The outcome of evaluating policies for one request. */
public enum Decision {
    ALLOW,
    /** No statement allows: AWS's "because no identity-based policy allows ...". */
    IMPLICIT_DENY,
    /** A Deny statement matched: it wins over every Allow. */
    EXPLICIT_DENY
}
