package io.orgaccessguard.emulator.seed;

import java.util.List;

/**
 * A service control policy the organization holds at start, attached to roots, OUs or accounts (by ID), next to the
 * {@code FullAWSAccess} policy AWS attaches to every one of them
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 *
 * @param id {@code p-} and 8 to 128 letters, digits or underscores
 * @param content the policy document JSON
 * @param targetIds roots ({@code r-...}), OUs ({@code ou-...}) or account IDs it is attached to
 */
public record ServiceControlPolicySeed(String id, String name, String description, String content,
                                       List<String> targetIds) {

    public ServiceControlPolicySeed {
        targetIds = List.copyOf(targetIds);
    }

    public static ServiceControlPolicySeed of(String id, String name, String content, String... targetIds) {
        return new ServiceControlPolicySeed(id, name, null, content, List.of(targetIds));
    }
}
