package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.StatusRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the scheduled reconcile keeps its progress between invocations. */
public interface RunStore {

    /** The latest run, finished or not; empty before the first. */
    Optional<ReconcileRun> current();

    /**
     * Saves the run only if the stored one still has {@code expectedVersion} (0: none is stored).
     *
     * @return false when another invocation saved it first: this one must stop working on it
     */
    boolean save(ReconcileRun run, long expectedVersion);

    /** The accounts the run covers, in ascending ID order, listed once when it started. */
    void saveAccounts(String runId, List<MemberAccount> accounts);

    List<MemberAccount> accounts(String runId);

    /** A status to record once the run's digest has announced it (written once, then, with the time it was told). */
    void stagePending(String runId, Map<String, StatusRecord> records);

    Map<String, StatusRecord> pending(String runId);
}
