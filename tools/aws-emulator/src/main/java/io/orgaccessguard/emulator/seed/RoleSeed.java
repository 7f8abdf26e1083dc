package io.orgaccessguard.emulator.seed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM role that exists in an account when the emulator starts.
 *
 * @param trustPolicy the trust policy document as JSON text
 * @param managedPolicyArns attached managed policies (AWS managed or the account's customer managed ones)
 * @param inlinePolicies inline policy name to document JSON
 * @param createdSecondsAgo how old the role is; a role younger than the propagation delay cannot be assumed yet
 */
public record RoleSeed(String name, String path, String trustPolicy, List<String> managedPolicyArns,
                       Map<String, String> inlinePolicies, String description, int maxSessionDuration,
                       Map<String, String> tags, long createdSecondsAgo) {

    public RoleSeed {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        inlinePolicies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public static Builder builder(String name) {
        return new Builder(name);
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

        public RoleSeed build() {
            if (trustPolicy == null) {
                throw new IllegalStateException("Role " + name + " needs a trust policy");
            }
            return new RoleSeed(name, path, trustPolicy, managedPolicyArns, inlinePolicies, description,
                    maxSessionDuration, tags, createdSecondsAgo);
        }
    }
}
