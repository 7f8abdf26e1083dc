package io.orgaccessguard.aws;

import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.core.port.OperationFailedException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@link ArtifactStore} on the stack's S3 bucket. Objects are encrypted by the bucket's default (SSE-KMS with the
 * stack's key), but for the member-account templates ({@link #ensure}), which are not secret and must be readable
 * from member accounts without KMS; versioning keeps what an object replaced.
 *
 * <p>Whether an object is already there is read from its {@code x-amz-meta-sha256}, which {@link #put} sets: under
 * SSE-KMS the ETag is not the MD5 of the body
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html, ETag), so it cannot tell.
 *
 * <p>It holds the client factory, not a client, and names no S3 type in a signature or a catch: made on every cold
 * start when a bucket is configured, it loads no S3 class until an alert or a full run writes to the bucket.
 */
public final class S3ArtifactStore implements ArtifactStore {

    /** User metadata with the SHA-256 of the body, hex. */
    static final String SHA256_METADATA = "sha256";

    private final AwsClients clients;
    private final String bucket;

    /** @param clients asked for the S3 client only when the bucket is first used */
    public S3ArtifactStore(AwsClients clients, String bucket) {
        this.clients = clients;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] body, String contentType) {
        AwsErrors.run("s3:PutObject", () -> clients.s3().putObject(r -> r.bucket(bucket).key(key)
                .contentType(contentType).metadata(Map.of(SHA256_METADATA, sha256(body))), RequestBody.fromBytes(body)));
    }

    /**
     * Member-account templates are written with S3-managed keys (SSE-S3), not the bucket's KMS key: reading one from
     * a member account then needs only {@code s3:GetObject} under the bucket policy, no grant in a key policy and no
     * KMS permission of the reader's own
     * (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html). A template
     * already there under the key counts as different, and is rewritten.
     */
    @Override
    public boolean ensure(String key, byte[] body, String contentType) {
        if (stored(key).filter(object -> object.sha256().equals(sha256(body)) && object.s3Managed()).isPresent()) {
            return false;
        }
        AwsErrors.run("s3:PutObject", () -> clients.s3().putObject(r -> r.bucket(bucket).key(key)
                .contentType(contentType).metadata(Map.of(SHA256_METADATA, sha256(body)))
                .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body)));
        return true;
    }

    /** What HeadObject says of a stored object: its body's SHA-256 and whether S3 manages its key. */
    private record Stored(String sha256, boolean s3Managed) {
    }

    /**
     * The stored object's SHA-256, or empty when there is none. A caller without {@code s3:ListBucket} (the functions
     * have none) is answered 403, not 404, for a key that does not exist
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html): both read as "not there", and a 403 that
     * meant more shows in the PutObject that follows, named.
     */
    private Optional<Stored> stored(String key) {
        try {
            return AwsErrors.call("s3:HeadObject", () -> {
                var head = clients.s3().headObject(r -> r.bucket(bucket).key(key));
                return Optional.ofNullable(head.metadata().get(SHA256_METADATA)).map(sha -> new Stored(sha,
                        head.serverSideEncryption() == ServerSideEncryption.AES256));
            });
        } catch (OperationFailedException e) {
            if (e.getCause() instanceof S3Exception s3 && (s3.statusCode() == 404 || s3.statusCode() == 403)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
