package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.AccountResult;

/** Where a run reports as it goes: one structured line per account, and why anything was skipped. */
public interface RunLog {

    /** One account finished. */
    void accountResult(AccountResult result);

    /** Something worth a line that is not an account result (a skipped event, a reconcile). */
    void note(String message);

    /** Writes nowhere: for callers that only want the returned report. */
    RunLog NONE = new RunLog() {
        @Override
        public void accountResult(AccountResult result) {
        }

        @Override
        public void note(String message) {
        }
    };
}
