package io.orgaccessguard.core.run;

import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.run.AnnouncementLedger.Settled;
import java.util.Optional;
import java.util.function.Function;

/** One account, start to end: checked, asked who made its role when that may have been lost, then settled. */
final class AccountWork {

    private final AccountCheck accountCheck;
    private final CreationTrace creationTrace;
    private final AnnouncementLedger ledger;

    AccountWork(AccountCheck accountCheck, CreationTrace creationTrace, AnnouncementLedger ledger) {
        this.accountCheck = accountCheck;
        this.creationTrace = creationTrace;
        this.ledger = ledger;
    }

    /**
     * @param recorded what is recorded for an account
     * @param mayHaveBeenLost an invocation that died may have created the account's role without telling
     */
    Settled settle(Target target, Organization organization, RunOptions options, RunLog log,
                   Function<String, Optional<StatusRecord>> recorded, boolean mayHaveBeenLost) {
        AccountResult checked = target.described()
                .map(account -> accountCheck.check(organization, account, options.dryRun()))
                .orElseGet(() -> accountCheck.check(organization, target.accountId(), options.dryRun()));
        if (mayHaveBeenLost) {
            checked = creationTrace.traced(checked, organization, recorded.apply(checked.accountId()), log);
        }
        return ledger.settle(checked, organization, options, log, recorded);
    }
}
