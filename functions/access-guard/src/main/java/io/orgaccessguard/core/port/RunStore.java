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

    /**
     * Saves the next accounts of the run's list, found by its one listing: they take positions {@code from} onward
     * (saving the same positions again replaces them).
     */
    void saveAccounts(String runId, int from, List<MemberAccount> accounts);

    /** The run's list as saved so far, in order of position. */
    List<MemberAccount> accounts(String runId);

    /** A status to record once the run's digest has announced it (written once, then, with the time it was told). */
    void stagePending(String runId, Map<String, StatusRecord> records);

    Map<String, StatusRecord> pending(String runId);
}
