package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.StatusRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Where each account's last access status is kept between runs. */
public interface StatusStore {

    /** The recorded status, or empty when none (or an unreadable one) is recorded. */
    Optional<StatusRecord> read(String accountId);

    void write(String accountId, StatusRecord record);

    /** The recorded statuses of these accounts (those with none are absent); stores that batch reads override it. */
    default Map<String, StatusRecord> readAll(Collection<String> accountIds) {
        var records = new LinkedHashMap<String, StatusRecord>();
        accountIds.forEach(id -> read(id).ifPresent(record -> records.put(id, record)));
        return records;
    }

    /** Records these statuses; stores that batch writes override it. */
    default void writeAll(Map<String, StatusRecord> records) {
        records.forEach(this::write);
    }
}
