package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.CheckRequest.NotifyMode;

/**
 * How one run treats its results.
 *
 * @param announceFailures whether FAILED results are announced: not on the event path, where the invocation fails
 *     instead so that Lambda retries it
 * @param recordVerified whether an ACCESS_VERIFIED result is compared with and recorded in the status store. Not on
 *     the event path: a verified join has nothing to announce, so the store (and its client) stay off the cold path;
 *     the next reconcile records it, and announces a change an earlier run still owes
 */
record RunOptions(boolean dryRun, NotifyMode notifyMode, boolean announceFailures, boolean recordVerified) {

    /** A join event: one message per account, failures fail the invocation, verified access is not recorded. */
    static RunOptions forEvent(boolean dryRun) {
        return new RunOptions(dryRun, NotifyMode.EACH, false, false);
    }

    static RunOptions forRequest(boolean dryRun, NotifyMode notifyMode) {
        return new RunOptions(dryRun, notifyMode, true, true);
    }
}
