package io.orgaccessguard.core.check;

import java.util.List;

/**
 * What a check may do to an account whose access role is missing or incomplete.
 *
 * @param bootstrapRoleNames the roles it may enter the account through to create or repair the access role, tried in
 *     this order; empty means it only reports
 * @param repairTrust whether it may rewrite a trust policy that does not admit the management account (adding its
 *     own statement, keeping every other); otherwise such a role is reported as a trust mismatch
 */
public record RepairRights(List<String> bootstrapRoleNames, boolean repairTrust) {

    public RepairRights {
        bootstrapRoleNames = List.copyOf(bootstrapRoleNames);
    }
}
