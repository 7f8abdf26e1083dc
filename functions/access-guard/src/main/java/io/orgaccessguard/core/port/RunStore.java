package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.StatusRecord;
import java.util.List;
import java.util.Optional;

/** Where a run over many accounts keeps its progress between invocations. */
public interface RunStore {

    /**
     * An account result a run's digest will announce, as a typed value (words are made from it when the digest is
     * sent), with the status to record for the account once the digest is out.
     */
    record Staged(AccountResult result, Optional<StatusRecord> record) {
    }

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

    /** Keeps results for the run's digest, one per account: staging an account again (a resumed part) replaces it. */
    void stage(String runId, List<Staged> results);

    /** Everything staged for the run, in account order. */
    List<Staged> staged(String runId);
}
