package io.orgaccessguard.core.run;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.CheckRequest.AccountList;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Selection;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Trigger.AccountJoined;
import io.orgaccessguard.core.port.OrganizationDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Turns a join event or a manual selection into the accounts to check, in ascending ID order. */
final class TargetResolver {

    private final OrganizationDirectory directory;
    private final GuardConfig config;

    TargetResolver(OrganizationDirectory directory, GuardConfig config) {
        this.directory = directory;
        this.config = config;
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
        Instant since = joined.eventTime().minus(config.reconcileLookback());
        List<Target> recent = directory.allAccounts().filter(account -> !account.joinedAt().isBefore(since))
                .filter(account -> !account.id().equals(organization.managementAccountId()))
                .map(Target::of).toList();
        notes.add(joined.eventName() + " named no account" + (namedManagement ? " but the management account "
                + organization.managementAccountId() + ", which needs no access role" : "") + "; reconciled the "
                + recent.size() + " account(s) that joined since " + since);
        return new Resolution(sorted(recent), notes);
    }

    /** The accounts a manual request selects, after the cursor's last account when it continues a run. */
    List<Target> forSelection(Selection selection, Optional<String> after) {
        List<Target> targets = switch (selection) {
            case AccountList list -> list.accountIds().stream().map(Target::of).toList();
            case AllAccounts all -> directory.allAccountsWithOuPaths().stream().map(Target::of).toList();
            case ScheduledRun run -> throw new IllegalArgumentException("a scheduled run keeps its own accounts");
            case OrganizationalUnit ou -> directory.accountsUnder(ou.id(), ou.recursive()).stream()
                    .map(Target::of).toList();
        };
        return following(sorted(targets), after);
    }

    /** The accounts as targets, in ascending ID order, after the cursor's last account when it continues a run. */
    static List<Target> after(List<MemberAccount> accounts, Optional<String> after) {
        return following(sorted(accounts.stream().map(Target::of).toList()), after);
    }

    private static List<Target> following(List<Target> sorted, Optional<String> after) {
        return sorted.stream()
                .filter(target -> after.map(last -> target.accountId().compareTo(last) > 0).orElse(true)).toList();
    }

    private static List<Target> sorted(List<Target> targets) {
        return targets.stream().sorted(Comparator.comparing(Target::accountId)).toList();
    }
}
