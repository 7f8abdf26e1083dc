package io.orgaccessguard.metrics;

/** Which kind of run the numbers describe: the {@code Run} dimension of every metric. */
public enum RunKind {
    /** One account (or a few) after a join event. */
    JOIN_EVENT,
    /** The scheduled check of the whole organization: the run whose numbers describe the organization's state. */
    RECONCILE,
    /** An invocation of the manual-check function. */
    MANUAL
}
