package io.orgaccessguard.emulator.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM role that exists in an account when the emulator starts.
 *
 * @param trustPolicy the trust policy document as JSON text; null for a role {@link CreatedBy#ORGANIZATIONS}
 * @param managedPolicyArns attached managed policies (AWS managed or the account's customer managed ones)
 * @param inlinePolicies inline policy name to document JSON
 * @param createdSecondsAgo how old the role is; a role younger than the propagation delay cannot be assumed yet
 * @param createdBy who made the role, which decides where its trust and permissions come from
 * @param permissionsBoundaryArn the managed policy set as its permissions boundary (AWS managed or the account's
 *     own), or null
 */
public record RoleSeed(String name, String path, String trustPolicy, List<String> managedPolicyArns,
                       Map<String, String> inlinePolicies, String description, int maxSessionDuration,
                       Map<String, String> tags, long createdSecondsAgo, CreatedBy createdBy,
                       String permissionsBoundaryArn) {

    /** Who made a role. */
    public enum CreatedBy {
        /** Someone in the account: the seed gives its trust policy and every policy. */
        SEED,
        /**
         * AWS Organizations, when it created the account: the trust and the inline {@code AdministratorAccess} policy
         * are {@link OrganizationsAccessRole}'s; the seed may add managed or further inline policies (attached later
         * by someone in the account) but gives no trust policy.
         */
        ORGANIZATIONS
    }

    public RoleSeed {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        inlinePolicies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        createdBy = createdBy == null ? CreatedBy.SEED : createdBy;
        if (createdBy == CreatedBy.SEED && trustPolicy == null) {
            throw new IllegalArgumentException("Role " + name + " needs a trust policy");
        }
        if (createdBy == CreatedBy.ORGANIZATIONS && trustPolicy != null) {
            throw new IllegalArgumentException("Role " + name + " is created by Organizations, which sets its trust "
                    + "policy: give none");
        }
        if (createdBy == CreatedBy.ORGANIZATIONS
                && inlinePolicies.containsKey(OrganizationsAccessRole.INLINE_POLICY_NAME)) {
            throw new IllegalArgumentException("Role " + name + " is created by Organizations, which sets its inline "
                    + "policy " + OrganizationsAccessRole.INLINE_POLICY_NAME + ": name the others differently");
        }
    }

    /** The trust policy at start: the seed's, or for a role Organizations created, its management account's. */
    public String trustPolicyAtStart(String partition, String managementAccountId) {
        return createdBy == CreatedBy.ORGANIZATIONS
                ? OrganizationsAccessRole.trustPolicy(partition, managementAccountId)
                : trustPolicy;
    }

    /** The inline policies at start: for a role Organizations created, its {@code AdministratorAccess} first. */
    public Map<String, String> inlinePoliciesAtStart() {
        if (createdBy == CreatedBy.SEED) {
            return inlinePolicies;
        }
        var inline = new LinkedHashMap<String, String>();
        inline.put(OrganizationsAccessRole.INLINE_POLICY_NAME, OrganizationsAccessRole.INLINE_POLICY);
        inline.putAll(inlinePolicies);
        return java.util.Collections.unmodifiableMap(inline);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** {@code OrganizationAccountAccessRole} as Organizations creates it in an account it creates. */
    public static Builder organizationsAccessRole() {
        return builder(OrganizationsAccessRole.DEFAULT_NAME).createdByOrganizations();
    }

    public static final class Builder {
        private final String name;
        private String path = "/";
        private String trustPolicy;
        private final List<String> managedPolicyArns = new ArrayList<>();
        private final Map<String, String> inlinePolicies = new LinkedHashMap<>();
        private String description;
        private int maxSessionDuration = 3600;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private long createdSecondsAgo = 86_400;
        private CreatedBy createdBy = CreatedBy.SEED;
        private String permissionsBoundaryArn;

        private Builder(String name) {
            this.name = name;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder trustPolicy(String json) {
            this.trustPolicy = json;
            return this;
        }

        /** Shorthand for a trust policy admitting these AWS principals to {@code sts:AssumeRole}. */
        public Builder trusting(String... awsPrincipals) {
            this.trustPolicy = PolicyDocuments.trust(awsPrincipals);
            return this;
        }

        public Builder managedPolicy(String arn) {
            managedPolicyArns.add(arn);
            return this;
        }

        public Builder inlinePolicy(String policyName, String json) {
            inlinePolicies.put(policyName, json);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder maxSessionDuration(int seconds) {
            this.maxSessionDuration = seconds;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder createdSecondsAgo(long seconds) {
            this.createdSecondsAgo = seconds;
            return this;
        }

        /**
         * Made by Organizations when it created the account: the trust and the inline {@code AdministratorAccess}
         * policy are Organizations' (give no trust policy); managed or further inline policies may be added.
         */
        public Builder createdByOrganizations() {
            this.createdBy = CreatedBy.ORGANIZATIONS;
            return this;
        }

        /** The role's permissions boundary: an AWS managed policy or a customer managed policy of its account. */
        public Builder permissionsBoundary(String policyArn) {
            this.permissionsBoundaryArn = policyArn;
            return this;
        }

        public RoleSeed build() {
            return new RoleSeed(name, path, trustPolicy, managedPolicyArns, inlinePolicies, description,
                    maxSessionDuration, tags, createdSecondsAgo, createdBy, permissionsBoundaryArn);
        }
    }
}
