package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.notify.AccountFix;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the whole directory is about: the organization (its management account and partition), the access role every
 * link and profile uses, and when the directory was made.
 *
 * @param profileRegion the {@code region} each CLI profile sets, when one is wanted
 * @param profileNames how profile names are made from accounts
 * @param bucket the artifact bucket the directory is in, for the commands that fetch its files; empty when unknown
 * @param fixes by status: what the alert of that status offers to fix it (quick-create links, notes, re-check
 *     command); a status absent here is shown without a fix
 */
public record DirectoryInfo(Organization organization, String accessRoleName, Instant generatedAt,
                            Optional<String> profileRegion, ProfileNameTemplate profileNames, Optional<String> bucket,
                            Map<String, AccountFix> fixes) {

    public DirectoryInfo {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(accessRoleName, "accessRoleName");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(profileRegion, "profileRegion");
        Objects.requireNonNull(profileNames, "profileNames");
        Objects.requireNonNull(bucket, "bucket");
        fixes = Map.copyOf(fixes);
    }

    /** Today's profile names, no bucket and no fixes. */
    public DirectoryInfo(Organization organization, String accessRoleName, Instant generatedAt,
                         Optional<String> profileRegion) {
        this(organization, accessRoleName, generatedAt, profileRegion, ProfileNameTemplate.DEFAULT, Optional.empty(),
                Map.of());
    }
}
