package io.orgaccessguard.emulator.seed;

/**
 * A DynamoDB table of an account. {@link #of(String)} is the usual shape: partition key {@code pk} (S), sort key
 * {@code sk} (S), on-demand.
 *
 * @param region null for the seed's default region
 * @param sortKey null for a table with a partition key only
 * @param billingMode {@code PAY_PER_REQUEST} (on-demand) or {@code PROVISIONED}; they throttle with different errors
 */
public record TableSeed(String name, String region, String partitionKey, String partitionKeyType, String sortKey,
                        String sortKeyType, String billingMode) {

    static final String PARTITION_KEY = "pk";
    static final String SORT_KEY = "sk";
    static final String KEY_TYPE = "S";

    public TableSeed {
        requireKeyType(partitionKeyType);
        if (sortKey != null) {
            requireKeyType(sortKeyType);
        }
        if (!"PAY_PER_REQUEST".equals(billingMode) && !"PROVISIONED".equals(billingMode)) {
            throw new IllegalArgumentException("Invalid organization seed: table " + name + " billingMode must be "
                    + "PAY_PER_REQUEST or PROVISIONED, not " + billingMode);
        }
    }

    private static void requireKeyType(String type) {
        if (!"S".equals(type) && !"N".equals(type) && !"B".equals(type)) {
            throw new IllegalArgumentException("Invalid organization seed: key attributes are of type S, N or B, not "
                    + type);
        }
    }

    /** Partition key {@code pk} (S), sort key {@code sk} (S), on-demand, in the seed's region. */
    public static TableSeed of(String name) {
        return builder(name).build();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String region;
        private String partitionKey = PARTITION_KEY;
        private String partitionKeyType = KEY_TYPE;
        private String sortKey = SORT_KEY;
        private String sortKeyType = KEY_TYPE;
        private String billingMode = "PAY_PER_REQUEST";

        private Builder(String name) {
            this.name = name;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder partitionKey(String attribute, String type) {
            this.partitionKey = attribute;
            this.partitionKeyType = type;
            return this;
        }

        public Builder sortKey(String attribute, String type) {
            this.sortKey = attribute;
            this.sortKeyType = type;
            return this;
        }

        public Builder noSortKey() {
            this.sortKey = null;
            this.sortKeyType = null;
            return this;
        }

        /** Provisioned capacity: throttling answers ProvisionedThroughputExceededException instead. */
        public Builder provisioned() {
            return billingMode("PROVISIONED");
        }

        /** {@code PAY_PER_REQUEST} (the default) or {@code PROVISIONED}. */
        public Builder billingMode(String billingMode) {
            this.billingMode = billingMode;
            return this;
        }

        public TableSeed build() {
            return new TableSeed(name, region, partitionKey, partitionKeyType, sortKey, sortKeyType, billingMode);
        }
    }
}
