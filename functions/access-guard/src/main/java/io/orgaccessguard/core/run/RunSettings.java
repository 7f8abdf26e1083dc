package io.orgaccessguard.core.run;

import io.orgaccessguard.core.model.NotifyOn;
import io.orgaccessguard.core.model.Organization;
import java.time.Duration;

/**
 * What the run may do and how, as the core's own values: built at the edge (ServiceFactory) from the configuration,
 * so that the core knows no configuration.
 *
 * @param accessRoleName the role the management account enters member accounts through (whose creation tag tells
 *     who made it)
 * @param propagationWait how long a new role may take to become assumable: every account's time reserve includes it
 * @param reconcileLookback a join event that names no account stands for the accounts that joined this long before it
 * @param organizationRequirements refuses an organization the settings cannot work in (the invocation then fails)
 */
public record RunSettings(String accessRoleName, int maxConcurrency, NotifyOn notifyOn, Duration reminderInterval,
                          Duration propagationWait, Duration reconcileLookback, boolean dryRun,
                          OrganizationRequirements organizationRequirements) {

    /** What an organization must be for the run to work in it; a refusal is thrown, naming what does not fit. */
    @FunctionalInterface
    public interface OrganizationRequirements {
        void require(Organization organization);
    }
}
