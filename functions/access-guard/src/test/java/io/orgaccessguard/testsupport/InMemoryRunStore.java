package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.port.RunStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one in-memory run store of the tests: versioned saves, as the DynamoDB table's conditions make them; staged
 * results kept by account, as the table's keys keep them.
 */
public final class InMemoryRunStore implements RunStore {

    private ReconcileRun current;
    private final Map<String, List<MemberAccount>> accounts = new HashMap<>();
    private final Map<String, Map<String, Staged>> staged = new HashMap<>();
    private int saves;

    @Override
    public synchronized Optional<ReconcileRun> current() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized boolean save(ReconcileRun run, long expectedVersion) {
        long stored = current == null ? 0 : current.version();
        if (stored != expectedVersion) {
            return false;
        }
        current = run;
        saves++;
        return true;
    }

    @Override
    public synchronized void saveAccounts(String runId, int from, List<MemberAccount> list) {
        List<MemberAccount> saved = accounts.computeIfAbsent(runId, id -> new ArrayList<>());
        if (from > saved.size()) {
            throw new IllegalArgumentException("accounts saved from position " + from + " of a list of "
                    + saved.size() + ": the run's list would have a gap");
        }
        for (int i = 0; i < list.size(); i++) {
            if (from + i < saved.size()) {
                saved.set(from + i, list.get(i));
            } else {
                saved.add(list.get(i));
            }
        }
    }

    @Override
    public synchronized List<MemberAccount> accounts(String runId) {
        return List.copyOf(accounts.getOrDefault(runId, List.of()));
    }

    @Override
    public synchronized void stage(String runId, List<Staged> results) {
        results.forEach(result -> staged.computeIfAbsent(runId, id -> new TreeMap<>())
                .put(result.result().accountId(), result));
    }

    @Override
    public synchronized List<Staged> staged(String runId) {
        return List.copyOf(staged.getOrDefault(runId, Map.of()).values());
    }

    public synchronized int saves() {
        return saves;
    }
}
