package io.orgaccessguard.emulator.seed;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AWS account: in the organization (with its Organizations attributes) or outside it (an "external" account that
 * only has IAM, STS, SNS, DynamoDB and S3).
 *
 * @param state the 2026 {@code State}: PENDING_ACTIVATION, ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED
 * @param status the older {@code Status}; null derives it from {@code state}
 * @param joinedMethod INVITED or CREATED
 * @param parentId the root or OU the account sits in; null for the first root
 */
public record AccountSeed(String id, String name, String email, String state, String status, String joinedMethod,
                          Instant joinedTimestamp, String parentId, Map<String, String> tags, List<RoleSeed> roles,
                          List<PolicySeed> policies, List<TopicSeed> topics, List<TableSeed> tables,
                          List<BucketSeed> buckets) {

    public AccountSeed {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        roles = List.copyOf(roles);
        policies = List.copyOf(policies);
        topics = List.copyOf(topics);
        tables = List.copyOf(tables);
        buckets = List.copyOf(buckets);
    }

    /** The {@code Status} Organizations reports next to {@code State}. */
    public String effectiveStatus() {
        if (status != null) {
            return status;
        }
        return switch (state) {
            case "SUSPENDED", "CLOSED" -> "SUSPENDED";
            case "PENDING_CLOSURE" -> "PENDING_CLOSURE";
            default -> "ACTIVE";
        };
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public static final class Builder {
        private final String id;
        private String name;
        private String email;
        private String state = "ACTIVE";
        private String status;
        private String joinedMethod = "INVITED";
        private Instant joinedTimestamp = Instant.parse("2024-01-15T10:00:00Z");
        private String parentId;
        private final Map<String, String> tags = new LinkedHashMap<>();
        private final List<RoleSeed> roles = new ArrayList<>();
        private final List<PolicySeed> policies = new ArrayList<>();
        private final List<TopicSeed> topics = new ArrayList<>();
        private final List<TableSeed> tables = new ArrayList<>();
        private final List<BucketSeed> buckets = new ArrayList<>();

        private Builder(String id) {
            this.id = id;
            this.name = "Account " + id;
            this.email = "aws+" + id + "@example.com";
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder email(String email) {
            this.email = email;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder joinedMethod(String joinedMethod) {
            this.joinedMethod = joinedMethod;
            return this;
        }

        public Builder joinedTimestamp(Instant joinedTimestamp) {
            this.joinedTimestamp = joinedTimestamp;
            return this;
        }

        public Builder parentId(String parentId) {
            this.parentId = parentId;
            return this;
        }

        public Builder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Builder role(RoleSeed role) {
            roles.add(role);
            return this;
        }

        public Builder policy(PolicySeed policy) {
            policies.add(policy);
            return this;
        }

        public Builder topic(TopicSeed topic) {
            topics.add(topic);
            return this;
        }

        public Builder topic(String name) {
            return topic(TopicSeed.of(name));
        }

        public Builder table(TableSeed table) {
            tables.add(table);
            return this;
        }

        /** A table with partition key {@code pk} (S) and sort key {@code sk} (S), on-demand. */
        public Builder table(String name) {
            return table(TableSeed.of(name));
        }

        public Builder bucket(BucketSeed bucket) {
            buckets.add(bucket);
            return this;
        }

        public AccountSeed build() {
            return new AccountSeed(id, name, email, state, status, joinedMethod, joinedTimestamp, parentId, tags,
                    roles, policies, topics, tables, buckets);
        }
    }
}
