package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the whole directory is about: the organization (its management account and partition), the access role every
 * link and profile uses, and when the directory was made.
 *
 * @param profileRegion the {@code region} each CLI profile sets, when one is wanted
 */
public record DirectoryInfo(Organization organization, String accessRoleName, Instant generatedAt,
                            Optional<String> profileRegion) {

    public DirectoryInfo {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(accessRoleName, "accessRoleName");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(profileRegion, "profileRegion");
    }
}
