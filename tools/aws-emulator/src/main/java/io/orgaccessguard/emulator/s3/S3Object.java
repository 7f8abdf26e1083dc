package io.orgaccessguard.emulator.s3;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One stored version of an S3 object, as tests read it back ({@code aws.s3Object(bucket, key)}).
 *
 * @param versionId the version ID S3 answered; {@code "null"} in a bucket whose versioning was never enabled
 * @param etag with its quotes, as S3 sends it
 * @param serverSideEncryption {@code AES256} or {@code aws:kms}
 * @param kmsKeyId the KMS key ARN for {@code aws:kms}, else null
 * @param metadata user metadata ({@code x-amz-meta-} headers without the prefix, lower-case names)
 * @param contentHeaders Content-Encoding, Cache-Control, Content-Disposition, Content-Language and Expires as sent
 * @param checksums the additional checksums the upload carried, by algorithm ({@code CRC32} to its base64 value)
 */
public record S3Object(String bucket, String key, String versionId, byte[] body, String contentType, String etag,
                       String serverSideEncryption, String kmsKeyId, boolean bucketKeyEnabled, Instant lastModified,
                       Map<String, String> metadata, Map<String, String> contentHeaders,
                       Map<String, String> checksums) {

    public S3Object {
        metadata = Map.copyOf(metadata);
        contentHeaders = Map.copyOf(contentHeaders);
        checksums = Map.copyOf(checksums);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "S3Object[" + bucket + "/" + key + " version " + versionId + ", " + body.length + " bytes, "
                + contentType + ", " + serverSideEncryption + "]";
    }
}
