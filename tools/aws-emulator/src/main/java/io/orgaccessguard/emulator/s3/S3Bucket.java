package io.orgaccessguard.emulator.s3;

import io.orgaccessguard.emulator.policy.PolicyDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An S3 bucket: owner, settings, bucket policy and objects (every version of each key, newest last).
 *
 * @param kmsKeyId the default KMS key ARN when default encryption is {@code aws:kms} (the AWS managed {@code aws/s3}
 *     key of the owner when the seed named none)
 */
public record S3Bucket(String name, String ownerAccountId, String region, boolean versioned,
                       boolean blockPublicAccess, String defaultEncryption, String kmsKeyId,
                       boolean bucketKeyEnabled, PolicyDocument policy, Instant createdAt,
                       ConcurrentHashMap<String, List<S3Object>> objects) {

    public String arn(String partition) {
        return "arn:" + partition + ":s3:::" + name;
    }

    public Optional<S3Object> latest(String key) {
        List<S3Object> versions = objects.get(key);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.getLast());
    }

    public Optional<S3Object> version(String key, String versionId) {
        List<S3Object> versions = objects.get(key);
        return versions == null ? Optional.empty()
                : versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    public List<S3Object> versions(String key) {
        return List.copyOf(objects.getOrDefault(key, List.of()));
    }

    /** A new version on a versioned bucket; a replacement otherwise. */
    public void store(S3Object object) {
        store(object, current -> { });
    }

    /**
     * Stores the object if {@code precondition} accepts the current version (it throws to refuse); check and write are
     * atomic, as S3's conditional writes are.
     */
    public void store(S3Object object, java.util.function.Consumer<Optional<S3Object>> precondition) {
        objects.compute(object.key(), (k, versions) -> {
            precondition.accept(versions == null || versions.isEmpty() ? Optional.empty()
                    : Optional.of(versions.getLast()));
            var next = new ArrayList<S3Object>(versioned && versions != null ? versions : List.of());
            next.add(object);
            return List.copyOf(next);
        });
    }
}
