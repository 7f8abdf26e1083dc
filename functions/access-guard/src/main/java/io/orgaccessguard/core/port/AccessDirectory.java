package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.StatusRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The organization's access directory: every active account with its access status, written after each run
 * that covered the whole organization. Failures are {@link OperationFailedException}s naming the operation.
 */
public interface AccessDirectory {

    /** Whether there is a directory to write at all; without one, a run does not even read the statuses for it. */
    boolean enabled();

    /**
     * Replaces the directory.
     *
     * @param accounts every active account, with its OU path; the management account among them when the run listed it
     * @param statuses what is recorded for them; an account with no record is absent
     */
    void publish(Organization organization, List<MemberAccount> accounts, Map<String, StatusRecord> statuses,
                 Instant generatedAt);

    /** No directory (no bucket configured). */
    AccessDirectory NONE = new AccessDirectory() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void publish(Organization organization, List<MemberAccount> accounts,
                            Map<String, StatusRecord> statuses, Instant generatedAt) {
        }
    };
}
