package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A small organization for the directory's renderers. */
final class DirectoryFixtures {

    static final Organization ORGANIZATION = new Organization("o-exampleorg", "111122223333", "aws");
    static final Instant GENERATED = Instant.parse("2026-11-20T09:14:03Z");
    static final Instant SINCE = Instant.parse("2026-11-18T07:00:00Z");
    static final String ROLE = "OrganizationAccountAccessRole";
    static final DirectoryInfo INFO = new DirectoryInfo(ORGANIZATION, ROLE, GENERATED, Optional.empty());

    private DirectoryFixtures() {
    }

    static DirectoryEntry enterable(String accountId, String name, String... ouPath) {
        return new DirectoryEntry(accountId, name, List.of(ouPath), "INVITED", "ACCESS_VERIFIED", SINCE, true);
    }

    static DirectoryEntry withoutAccess(String accountId, String name, String status, String... ouPath) {
        return new DirectoryEntry(accountId, name, List.of(ouPath), "CREATED", status, SINCE, false);
    }
}
