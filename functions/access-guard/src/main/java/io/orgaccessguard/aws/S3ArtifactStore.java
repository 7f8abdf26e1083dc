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

/**
 * {@link ArtifactStore} on the stack's S3 bucket. Objects are encrypted by the bucket's default (SSE-KMS with the
 * stack's key), so nothing is asked for here; versioning keeps what an object replaced.
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

    @Override
    public boolean ensure(String key, byte[] body, String contentType) {
        if (storedSha256(key).filter(sha256(body)::equals).isPresent()) {
            return false;
        }
        put(key, body, contentType);
        return true;
    }

    /**
     * The stored object's SHA-256, or empty when there is none. A caller without {@code s3:ListBucket} (the functions
     * have none) is answered 403, not 404, for a key that does not exist
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html): both read as "not there", and a 403 that
     * meant more shows in the PutObject that follows, named.
     */
    private Optional<String> storedSha256(String key) {
        try {
            return AwsErrors.call("s3:HeadObject", () -> Optional.ofNullable(clients.s3()
                    .headObject(r -> r.bucket(bucket).key(key)).metadata().get(SHA256_METADATA)));
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
