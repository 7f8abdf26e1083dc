package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.MemberAccount;
import java.util.Optional;

/** An account to check: an ID from a request or event, or an account Organizations already described. */
record Target(String accountId, Optional<MemberAccount> described) {

    static Target of(String accountId) {
        return new Target(accountId, Optional.empty());
    }

    static Target of(MemberAccount account) {
        return new Target(account.id(), Optional.of(account));
    }
}
