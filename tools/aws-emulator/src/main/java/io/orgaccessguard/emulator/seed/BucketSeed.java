package io.orgaccessguard.emulator.seed;

/**
 * An S3 bucket of an account, with the settings S3 gives new buckets by default: S3 Block Public Access on (all four
 * settings, https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html), default
 * encryption SSE-S3 ({@code AES256}, https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html),
 * versioning never enabled, no bucket policy.
 *
 * @param region null for the seed's default region
 * @param defaultEncryption {@code AES256} or {@code aws:kms}
 * @param kmsKeyId the default KMS key (ARN) for {@code aws:kms}; null for the AWS managed key {@code aws/s3}
 * @param policy the bucket policy JSON, or null
 */
public record BucketSeed(String name, String region, boolean versioned, boolean blockPublicAccess,
                         String defaultEncryption, String kmsKeyId, boolean bucketKeyEnabled, String policy) {

    /** SSE-S3, the default encryption of a new bucket. */
    static final String SSE_S3 = "AES256";

    public BucketSeed {
        if (!"AES256".equals(defaultEncryption) && !"aws:kms".equals(defaultEncryption)) {
            throw new IllegalArgumentException("Invalid organization seed: bucket " + name + " defaultEncryption must "
                    + "be AES256 or aws:kms, not " + defaultEncryption);
        }
        if (kmsKeyId != null && !"aws:kms".equals(defaultEncryption)) {
            throw new IllegalArgumentException("Invalid organization seed: bucket " + name + " names a KMS key but "
                    + "its default encryption is " + defaultEncryption);
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private String region;
        private boolean versioned;
        private boolean blockPublicAccess = true;
        private String defaultEncryption = SSE_S3;
        private String kmsKeyId;
        private boolean bucketKeyEnabled;
        private String policy;

        private Builder(String name) {
            this.name = name;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** Versioning {@code Enabled}: every PutObject makes a new version and answers its ID. */
        public Builder versioned(boolean versioned) {
            this.versioned = versioned;
            return this;
        }

        /** All four Block Public Access settings on (the default) or off. */
        public Builder blockPublicAccess(boolean on) {
            this.blockPublicAccess = on;
            return this;
        }

        /** Default encryption SSE-KMS with this key ARN (null: the AWS managed key {@code aws/s3}). */
        public Builder kmsEncryption(String keyArn) {
            return encryption("aws:kms", keyArn);
        }

        /** Default encryption {@code AES256} (SSE-S3, with no key) or {@code aws:kms} (with this key ARN, or null). */
        public Builder encryption(String defaultEncryption, String kmsKeyId) {
            this.defaultEncryption = defaultEncryption;
            this.kmsKeyId = kmsKeyId;
            return this;
        }

        public Builder bucketKeyEnabled(boolean enabled) {
            this.bucketKeyEnabled = enabled;
            return this;
        }

        public Builder policy(String policyJson) {
            this.policy = policyJson;
            return this;
        }

        public BucketSeed build() {
            return new BucketSeed(name, region, versioned, blockPublicAccess, defaultEncryption, kmsKeyId,
                    bucketKeyEnabled, policy);
        }
    }
}
