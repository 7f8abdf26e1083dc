package io.orgaccessguard.core.model;

import java.util.List;
import java.util.Optional;

/**
 * A manual invocation: which accounts to check and how.
 *
 * @param dryRun overrides {@code DRY_RUN} for this run when present
 * @param profiles the response is to carry {@code ~/.aws/config} profiles for the checked accounts that can be
 *     entered
 */
public record CheckRequest(Selection selection, Optional<Boolean> dryRun, NotifyMode notifyMode, boolean profiles) {

    /** A request that asks for no profiles. */
    public CheckRequest(Selection selection, Optional<Boolean> dryRun, NotifyMode notifyMode) {
        this(selection, dryRun, notifyMode, false);
    }

    /** Which accounts a manual run covers. */
    public sealed interface Selection {
    }

    /** Exactly these accounts, in this order. */
    public record AccountList(List<String> accountIds) implements Selection {
        public AccountList {
            accountIds = List.copyOf(accountIds);
        }
    }

    /** What a run over many accounts covers: it is stored, leased and resumed until every account is checked. */
    public sealed interface Scope extends Selection {
    }

    /** Every account of the organization. */
    public record AllAccounts() implements Scope {
    }

    /** The accounts directly under an OU (or root), or under its whole subtree. */
    public record OrganizationalUnit(String id, boolean recursive) implements Scope {
    }

    /**
     * The scheduled reconcile of every account, which continues over as many invocations as it takes and ends in one
     * digest: {@code START} begins a new run (or resumes one that did not finish), {@code CONTINUE} only resumes.
     */
    public record ScheduledRun(Phase phase) implements Selection {
        public enum Phase { START, CONTINUE }
    }

    /** How a manual run tells people about its results. */
    public enum NotifyMode {
        /** One message per account result that needs one. */
        EACH,
        /** One summary message for the whole run. */
        DIGEST,
        /** No messages; the response carries the results. */
        NONE
    }
}
