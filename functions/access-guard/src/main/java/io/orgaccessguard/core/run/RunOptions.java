package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.CheckRequest.NotifyMode;

/**
 * How one run treats its results.
 *
 * @param announceFailures whether FAILED results are announced: not on the event path, where the invocation fails
 *     instead so that Lambda retries it
 */
record RunOptions(boolean dryRun, NotifyMode notifyMode, boolean announceFailures) {
}
