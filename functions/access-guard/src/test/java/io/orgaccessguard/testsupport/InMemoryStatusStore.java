package io.orgaccessguard.testsupport;

import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.StatusStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The one in-memory status store of the core's tests: what is recorded per account, and how many writes were made. */
public final class InMemoryStatusStore implements StatusStore {

    private final Map<String, StatusRecord> records = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<StatusRecord> read(String accountId) {
        reads.incrementAndGet();
        return Optional.ofNullable(records.get(accountId));
    }

    @Override
    public void write(String accountId, StatusRecord record) {
        writes.incrementAndGet();
        records.put(accountId, record);
    }

    public Optional<StatusRecord> recorded(String accountId) {
        return Optional.ofNullable(records.get(accountId));
    }

    /** Reads the code under test made (batch reads count once per account). */
    public int reads() {
        return reads.get();
    }

    public void record(String accountId, StatusRecord record) {
        records.put(accountId, record);
    }

    public int writes() {
        return writes.get();
    }
}
