package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.core.port.StatusStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the access directory once a run has covered the whole organization: every active account, with the status
 * each member account has on record now that the run has recorded its own, and the management account as itself
 * (where people come from: the directory lists it without a role to assume).
 *
 * <p>A directory that cannot be written is a note in the log, not a failed invocation: the run's work is done and its
 * digest out, and a retry of a scheduled invocation would start a new run over the whole organization. The next full
 * run writes the directory again.
 */
final class DirectoryRefresh {

    private final AccessDirectory directory;
    private final StatusStore statuses;
    private final Clock clock;

    DirectoryRefresh(AccessDirectory directory, StatusStore statuses, Clock clock) {
        this.directory = directory;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** @param listed every account of the organization, as the run listed it */
    void after(List<MemberAccount> listed, Organization organization, RunOptions options, RunLog log) {
        if (!directory.enabled() || options.dryRun()) {
            return;
        }
        List<MemberAccount> active = listed.stream().filter(MemberAccount::isActive).toList();
        List<String> members = active.stream().map(MemberAccount::id)
                .filter(id -> !id.equals(organization.managementAccountId())).toList();
        try {
            Map<String, StatusRecord> recorded = statuses.readAll(members);
            directory.publish(organization, active, recorded, clock.instant());
            log.note("access directory written: " + members.size() + " active member account(s)");
        } catch (RuntimeException e) {
            log.note("access directory not written (the next full run writes it): " + e.getMessage());
        }
    }
}
