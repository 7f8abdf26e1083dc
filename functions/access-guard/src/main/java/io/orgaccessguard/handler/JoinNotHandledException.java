package io.orgaccessguard.handler;

import io.orgaccessguard.notify.ResultWords;
import io.orgaccessguard.core.model.AccountResult;
import java.util.List;
import java.util.stream.Collectors;

/** Thrown to fail the invocation (so Lambda retries) when a joined account could not be handled. */
public final class JoinNotHandledException extends RuntimeException {
    JoinNotHandledException(List<AccountResult> failures) {
        super(failures.stream().map(result -> result.accountId() + ": " + ResultWords.of(result).reason())
                .collect(Collectors.joining("; ", "could not handle " + failures.size() + " joined account(s): ", "")));
    }
}
