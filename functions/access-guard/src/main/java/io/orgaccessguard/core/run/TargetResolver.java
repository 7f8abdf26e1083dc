package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Scope;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.port.OrganizationDirectory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Turns a join event, a list of account IDs or a run's scope into the accounts to check. */
final class TargetResolver {

    private final OrganizationDirectory directory;
    private final Duration reconcileLookback;

    TargetResolver(OrganizationDirectory directory, Duration reconcileLookback) {
        this.directory = directory;
        this.reconcileLookback = reconcileLookback;
    }

    /**
     * @param notes what is worth telling about how the targets were found (ignored IDs, a reconcile)
     */
    record Resolution(List<Target> targets, List<String> notes) {
        Optional<String> note() {
            return notes.isEmpty() ? Optional.empty() : Optional.of(String.join(". ", notes));
        }
    }

    /** The event is a hint: one that names no usable account still stands for a join, so none is lost. */
    Resolution forJoin(AccountJoined joined, Organization organization) {
        var notes = new ArrayList<String>();
        if (!joined.ignored().isEmpty()) {
            notes.add(joined.eventName() + ": ignored " + String.join("; ", joined.ignored()));
        }
        var ids = new LinkedHashSet<>(joined.candidateAccountIds());
        boolean namedManagement = ids.remove(organization.managementAccountId());
        if (ids.isEmpty() && joined.handshakeId().isPresent()) {
            directory.handshakeAccount(joined.handshakeId().get())
                    .filter(id -> !id.equals(organization.managementAccountId())).ifPresent(ids::add);
        }
        if (!ids.isEmpty()) {
            return new Resolution(sorted(ids.stream().map(Target::of).toList()), notes);
        }
        Instant since = joined.eventTime().minus(reconcileLookback);
        List<Target> recent = directory.allAccounts().filter(account -> !account.joinedAt().isBefore(since))
                .filter(account -> !account.id().equals(organization.managementAccountId()))
                .map(Target::of).toList();
        notes.add(joined.eventName() + " named no account" + (namedManagement ? " but the management account "
                + organization.managementAccountId() + ", which needs no access role" : "") + "; reconciled the "
                + recent.size() + " account(s) that joined since " + since);
        return new Resolution(sorted(recent), notes);
    }

    /** The accounts of a list, in ascending ID order. */
    static List<Target> forList(AccountList list) {
        return sorted(list.accountIds().stream().map(Target::of).toList());
    }

    /**
     * The pages of accounts a run's scope covers: the organization is walked page by page, with OU paths (the
     * directory the run ends with needs them, and they cost no more pages); an OU is listed at once.
     */
    void walk(Scope scope, java.util.function.Consumer<List<MemberAccount>> pages) {
        switch (scope) {
            case AllAccounts all -> directory.walkAccountsWithOuPaths(pages);
            case OrganizationalUnit ou -> pages.accept(directory.accountsUnder(ou.id(), ou.recursive()));
        }
    }

    private static List<Target> sorted(List<Target> targets) {
        return targets.stream().sorted(Comparator.comparing(Target::accountId)).toList();
    }
}
