package io.orgaccessguard.core.run;

import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.MemberRoles;
import io.orgaccessguard.core.port.MemberRoles.SessionPurpose;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.RoleSession;
import io.orgaccessguard.core.port.RunLog;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Who made a role found working where an invocation of the same run may have died after creating it, before it could
 * stage the result. The role's creation tag (written by {@link AccountCheck} with every role it creates) tells: a role
 * this tool created that no status on record has announced is announced now, as created, never passed off as
 * {@link Outcome#ACCESS_VERIFIED}. Asked only where such an invocation may have been (the unchecked accounts its
 * listing had saved), so a run that loses no invocation makes no extra call.
 */
final class CreationTrace {

    /** The role was not there as far as the record knows: no status, or a missing role. */
    private static final java.util.Set<String> NO_ROLE_ON_RECORD = java.util.Set.of(Outcome.ROLE_MISSING.name());

    private final MemberRoles roles;
    private final String accessRoleName;

    CreationTrace(MemberRoles roles, String accessRoleName) {
        this.roles = roles;
        this.accessRoleName = accessRoleName;
    }

    AccountResult traced(AccountResult checked, Organization organization, Optional<StatusRecord> recorded,
                         RunLog log) {
        if (checked.outcome() != Outcome.ACCESS_VERIFIED
                || recorded.filter(record -> !NO_ROLE_ON_RECORD.contains(record.status())).isPresent()) {
            return checked;
        }
        String roleArn = organization.roleArn(checked.accountId(), accessRoleName);
        try {
            Optional<RoleSession> access = roles.assume(roleArn, SessionPurpose.PROBE);
            if (access.isEmpty()) {
                return checked;
            }
            try (RoleSession session = access.get()) {
                boolean ours = session.getRole(accessRoleName)
                        .map(role -> role.tags().containsKey(AccountCheck.CREATION_TAG)).orElse(false);
                if (!ours) {
                    return checked;
                }
            }
        } catch (OperationFailedException e) {
            log.note("account " + checked.accountId() + ": who created " + roleArn + " is unknown: "
                    + e.getMessage());
            return checked;
        }
        var actions = new ArrayList<Action>(checked.actions());
        actions.add(new Action.RoleCreated(roleArn));
        return checked.withChanges(checked.bootstrapRole(), actions)
                .withOutcome(Outcome.ROLE_CREATED, new Reason.CreatedByLostInvocation(roleArn, checked.reason()));
    }
}
