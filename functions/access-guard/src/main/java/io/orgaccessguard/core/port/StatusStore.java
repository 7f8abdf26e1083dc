package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.StatusRecord;
import java.util.Optional;

/** Where each account's last access status is kept between runs. */
public interface StatusStore {

    /** The recorded status, or empty when none (or an unreadable one) is recorded. */
    Optional<StatusRecord> read(String accountId);

    void write(String accountId, StatusRecord record);
}
