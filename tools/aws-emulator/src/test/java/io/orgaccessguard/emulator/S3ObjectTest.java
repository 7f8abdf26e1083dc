package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.StorageOrgs.CUSTOMER_KEY;
import static io.orgaccessguard.emulator.StorageOrgs.MGMT;
import static io.orgaccessguard.emulator.StorageOrgs.PLAIN;
import static io.orgaccessguard.emulator.StorageOrgs.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * S3 PutObject, GetObject and HeadObject through the real SDK client (path style, as the SDK sends them to a plain HTTP
 * endpoint: aws-chunked, signed chunks, a CRC32 trailer) and through the SDK's signer for the other payload modes.
 * API reference: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, API_GetObject.html,
 * API_HeadObject.html; errors: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
 */
class S3ObjectTest {

    private static final String TEMPLATE = "{\"AWSTemplateFormatVersion\":\"2010-09-09\",\"Resources\":{}}";

    private AwsEmulator aws;
    private S3Client s3;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(3).build(), StorageOrgs.seed());
        s3 = Sdk.s3(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        s3.close();
        aws.close();
    }

    private static String md5(String text) throws Exception {
        return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(text.getBytes(StandardCharsets.UTF_8))) + "\"";
    }

    private Map<String, String> lastCallParameters() {
        return aws.calls().getLast().parameters();
    }

    @Test
    void putThenGet_sdkDefaults_keepBodyTypeMetadataAndDefaultEncryption() throws Exception {
        var put = s3.putObject(r -> r.bucket(PLAIN).key("templates/access role.json").contentType("application/json")
                .metadata(Map.of("purpose", "quick-create")), RequestBody.fromString(TEMPLATE));
        // SDK 2.40.2 over plain HTTP signs every chunk and sends a CRC32 trailer (sigv4-streaming-trailers.html).
        assertThat(lastCallParameters()).containsEntry("x-amz-content-sha256",
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER").containsEntry("x-amz-sdk-checksum-algorithm", "CRC32")
                .containsEntry("Key", "templates/access role.json");
        // Single-part SSE-S3 ETags are the MD5 of the data; default encryption applies (default-encryption-faq.html).
        assertThat(put.eTag()).isEqualTo(md5(TEMPLATE));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(put.versionId()).isNull(); // versioning never enabled: no version ID header
        assertThat(put.checksumCRC32()).isNotNull();

        var get = s3.getObjectAsBytes(r -> r.bucket(PLAIN).key("templates/access role.json"));
        assertThat(get.asUtf8String()).isEqualTo(TEMPLATE);
        assertThat(get.response().contentType()).isEqualTo("application/json");
        assertThat(get.response().eTag()).isEqualTo(put.eTag());
        assertThat(get.response().metadata()).containsEntry("purpose", "quick-create");
        assertThat(get.response().contentLength()).isEqualTo(TEMPLATE.length());

        var head = s3.headObject(r -> r.bucket(PLAIN).key("templates/access role.json"));
        assertThat(head.contentLength()).isEqualTo(TEMPLATE.length());
        assertThat(head.eTag()).isEqualTo(put.eTag());
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);

        assertThat(aws.s3Object(PLAIN, "templates/access role.json")).hasValueSatisfying(o -> {
            assertThat(o.bodyAsString()).isEqualTo(TEMPLATE);
            assertThat(o.contentType()).isEqualTo("application/json");
            assertThat(o.serverSideEncryption()).isEqualTo("AES256");
            assertThat(o.versionId()).isEqualTo("null");
            assertThat(o.checksums()).containsKey("CRC32");
            assertThat(o.contentHeaders()).doesNotContainKey("content-encoding"); // aws-chunked is framing only
        });
    }

    @Test
    void versionedKmsBucket_answersVersionIds_andEchoesTheKey() throws Exception {
        var first = s3.putObject(r -> r.bucket(TEMPLATES).key("access-role.yaml"), RequestBody.fromString("v1"));
        var second = s3.putObject(r -> r.bucket(TEMPLATES).key("access-role.yaml"), RequestBody.fromString("v2"));
        assertThat(first.versionId()).isNotBlank().isNotEqualTo(second.versionId());
        assertThat(second.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(second.ssekmsKeyId()).isEqualTo(CUSTOMER_KEY);
        assertThat(second.bucketKeyEnabled()).isTrue();
        // SSE-KMS ETags are not the MD5 of the data (API_Object.html).
        assertThat(second.eTag()).matches("\"[0-9a-f]{32}\"").isNotEqualTo(md5("v2"));

        assertThat(s3.getObjectAsBytes(r -> r.bucket(TEMPLATES).key("access-role.yaml")).asUtf8String()).isEqualTo("v2");
        var old = s3.getObjectAsBytes(r -> r.bucket(TEMPLATES).key("access-role.yaml").versionId(first.versionId()));
        assertThat(old.asUtf8String()).isEqualTo("v1");
        assertThat(old.response().versionId()).isEqualTo(first.versionId());
        assertThat(s3.headObject(r -> r.bucket(TEMPLATES).key("access-role.yaml")).versionId())
                .isEqualTo(second.versionId());
        Sdk.error(() -> s3.getObject(r -> r.bucket(TEMPLATES).key("access-role.yaml").versionId("nope")),
                "NoSuchVersion", 404);
        assertThat(aws.s3ObjectVersions(TEMPLATES, "access-role.yaml")).extracting(o -> o.bodyAsString())
                .containsExactly("v1", "v2");
    }

    @Test
    void requestedEncryption_overridesTheDefault_andInvalidValuesAreRefused() {
        var kms = s3.putObject(r -> r.bucket(PLAIN).key("k").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("alias/guard"), RequestBody.fromString("x"));
        assertThat(kms.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:" + MGMT + ":alias/guard");
        var managed = s3.putObject(r -> r.bucket(PLAIN).key("m").serverSideEncryption(ServerSideEncryption.AWS_KMS),
                RequestBody.fromString("x"));
        assertThat(managed.ssekmsKeyId()).startsWith("arn:aws:kms:us-east-1:" + MGMT + ":key/");
        var aes = s3.putObject(r -> r.bucket(TEMPLATES).key("a").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromString("x"));
        assertThat(aes.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(aes.ssekmsKeyId()).isNull();
        Sdk.error(() -> s3.putObject(r -> r.bucket(PLAIN).key("k").ssekmsKeyId("alias/guard"),
                RequestBody.fromString("x")), "InvalidArgument", 400);
    }

    @Test
    void missingKeyOrBucket_are404s_withS3sCodes() {
        var key = Sdk.error(() -> s3.getObject(r -> r.bucket(PLAIN).key("absent")), "NoSuchKey", 404);
        assertThat(key).isInstanceOf(NoSuchKeyException.class);
        assertThat(key.awsErrorDetails().errorMessage()).isEqualTo("The specified key does not exist.");
        assertThat(Sdk.error(() -> s3.getObject(r -> r.bucket("no-such-bucket-anywhere").key("k")), "NoSuchBucket", 404))
                .isInstanceOf(NoSuchBucketException.class);
        Sdk.error(() -> s3.putObject(r -> r.bucket("no-such-bucket-anywhere").key("k"), RequestBody.fromString("x")),
                "NoSuchBucket", 404);
        // A HEAD answer has no body, so the SDK knows it only by its status.
        var head = catchHead(() -> s3.headObject(r -> r.bucket(PLAIN).key("absent")));
        assertThat(head).isInstanceOf(NoSuchKeyException.class);
        assertThat(aws.calls().getLast().errorCode()).isEqualTo("NoSuchKey");
    }

    private static Throwable catchHead(Runnable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call::run);
    }

    @Test
    void checksumMode_answersTheStoredChecksum_whichTheSdkVerifies() {
        s3.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString(TEMPLATE));
        var got = s3.getObjectAsBytes(r -> r.bucket(PLAIN).key("k").checksumMode(ChecksumMode.ENABLED));
        assertThat(got.response().checksumCRC32()).isEqualTo(aws.s3Object(PLAIN, "k").orElseThrow().checksums()
                .get("CRC32"));
        assertThat(got.asUtf8String()).isEqualTo(TEMPLATE);
    }

    @Test
    void sdkWithoutChunkedEncoding_signsTheBodyHash_andSendsTheChecksumAsAHeader() {
        try (S3Client plain = Sdk.s3(aws, aws.credentialsFor(MGMT), b -> b.serviceConfiguration(
                S3Configuration.builder().chunkedEncodingEnabled(false).build()))) {
            plain.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString(TEMPLATE));
        }
        assertThat(lastCallParameters().get("x-amz-content-sha256")).matches("[0-9a-f]{64}");
        assertThat(aws.s3Object(PLAIN, "k").orElseThrow().bodyAsString()).isEqualTo(TEMPLATE);
    }

    @Test
    void sdkWithChecksumsOnlyWhenRequired_streamsSignedChunksWithoutTrailer() {
        try (S3Client noChecksum = Sdk.s3(aws, aws.credentialsFor(MGMT),
                b -> b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED))) {
            noChecksum.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString(TEMPLATE));
        }
        assertThat(lastCallParameters()).containsEntry("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        assertThat(aws.s3Object(PLAIN, "k").orElseThrow().checksums()).isEmpty();
    }

    /** What the SDK sends over HTTPS: UNSIGNED-PAYLOAD, and unsigned aws-chunked with a checksum trailer. */
    @Test
    void unsignedPayloadModes_areAccepted() {
        AwsCredentials c = aws.credentialsFor(MGMT);
        byte[] body = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        var unsigned = RawS3.put(aws, c, PLAIN, "unsigned", body,
                r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));
        assertThat(unsigned.status()).as(unsigned.body()).isEqualTo(200);
        assertThat(lastCallParameters()).containsEntry("x-amz-content-sha256", "UNSIGNED-PAYLOAD");

        var trailer = RawS3.put(aws, c, PLAIN, "trailer", body, r -> r
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32C));
        assertThat(trailer.status()).as(trailer.body()).isEqualTo(200);
        assertThat(lastCallParameters()).containsEntry("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
        assertThat(aws.s3Object(PLAIN, "trailer").orElseThrow().bodyAsString()).isEqualTo(TEMPLATE);
        assertThat(aws.s3Object(PLAIN, "trailer").orElseThrow().checksums()).containsKey("CRC32C");
    }

    /** sigv4-streaming.html: each chunk's signature chains from the previous one; a changed byte breaks it. */
    @Test
    void tamperedSignedChunk_isSignatureDoesNotMatch_andNothingIsStored() {
        byte[] body = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        var tampered = RawS3.send(aws, aws.credentialsFor(MGMT), SdkHttpMethod.PUT, PLAIN, "k", body, r -> r
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32),
                h -> h, payload -> {
                    String text = new String(payload, StandardCharsets.ISO_8859_1);
                    return text.replace("2010-09-09", "2010-09-10").getBytes(StandardCharsets.ISO_8859_1);
                });
        assertThat(tampered.status()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(aws.s3Object(PLAIN, "k")).isEmpty();
    }

    @Test
    void payloadThatDoesNotMatchItsSignedHash_orItsChecksum_isRefused() {
        byte[] body = TEMPLATE.getBytes(StandardCharsets.UTF_8);
        AwsCredentials c = aws.credentialsFor(MGMT);
        byte[] other = TEMPLATE.replace("Resources", "Resourcez").getBytes(StandardCharsets.UTF_8);
        var hashMismatch = RawS3.send(aws, c, SdkHttpMethod.PUT, PLAIN, "k", body,
                r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true), h -> h, p -> other);
        assertThat(hashMismatch.status()).isEqualTo(400);
        assertThat(hashMismatch.body()).contains("<Code>XAmzContentSHA256Mismatch</Code>");

        var badChecksum = RawS3.send(aws, c, SdkHttpMethod.PUT, PLAIN, "k", body, r -> r
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32),
                h -> h, p -> other);
        assertThat(badChecksum.status()).isEqualTo(400);
        assertThat(badChecksum.body()).contains("<Code>BadDigest</Code>");

        var noHash = RawS3.send(aws, c, SdkHttpMethod.PUT, PLAIN, "k", body, r -> { },
                h -> h.toBuilder().removeHeader("x-amz-content-sha256").build(), p -> p);
        assertThat(noHash.status()).isEqualTo(400);
        assertThat(noHash.body()).contains("<Code>InvalidRequest</Code>")
                .contains("Missing required header for this request: x-amz-content-sha256");
        assertThat(aws.s3Object(PLAIN, "k")).isEmpty();
    }

    @Test
    void wrongSecretOrUnknownKey_areS3sAuthenticationErrors() {
        AwsCredentials real = aws.credentialsFor(MGMT);
        try (S3Client wrong = Sdk.s3(aws, AwsCredentials.longTerm(real.accessKeyId(), "wrong"));
             S3Client unknown = Sdk.s3(aws, AwsCredentials.longTerm("AKIAUNKNOWN0000000000", "x"))) {
            Sdk.error(() -> wrong.getObject(r -> r.bucket(PLAIN).key("k")), "SignatureDoesNotMatch", 403);
            Sdk.error(() -> unknown.getObject(r -> r.bucket(PLAIN).key("k")), "InvalidAccessKeyId", 403);
        }
    }

    /** conditional-writes.html: If-None-Match: * writes only when the key does not exist yet. */
    @Test
    void ifNoneMatch_writesOnce() {
        s3.putObject(r -> r.bucket(PLAIN).key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
        Sdk.error(() -> s3.putObject(r -> r.bucket(PLAIN).key("once").ifNoneMatch("*"), RequestBody.fromString("second")),
                "PreconditionFailed", 412);
        assertThat(aws.s3Object(PLAIN, "once").orElseThrow().bodyAsString()).isEqualTo("first");
    }

    @Test
    void rangeRequest_answersPartialContent() {
        s3.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString("0123456789"));
        var part = s3.getObjectAsBytes(r -> r.bucket(PLAIN).key("k").range("bytes=2-5"));
        assertThat(part.asUtf8String()).isEqualTo("2345");
        assertThat(part.response().contentRange()).isEqualTo("bytes 2-5/10");
        Sdk.error(() -> s3.getObject(r -> r.bucket(PLAIN).key("k").range("bytes=20-30")), "InvalidRange", 416);
    }

    @Test
    void acls_otherThanBucketOwnerFullControl_areRefusedByOwnerEnforcedBuckets() {
        Sdk.error(() -> s3.putObject(r -> r.bucket(PLAIN).key("k").acl("public-read"), RequestBody.fromString("x")),
                "AccessControlListNotSupported", 400);
        s3.putObject(r -> r.bucket(PLAIN).key("k").acl("bucket-owner-full-control"), RequestBody.fromString("x"));
    }

    @Test
    void throttledS3_answersSlowDown503() {
        try (AwsEmulator throttled = AwsEmulator.start(EmulatorOptions.builder().throttle("s3", 1).build(),
                StorageOrgs.seed()); S3Client client = Sdk.s3(throttled, throttled.credentialsFor(MGMT))) {
            client.putObject(r -> r.bucket(PLAIN).key("k"), RequestBody.fromString("x"));
            Sdk.error(() -> client.getObject(r -> r.bucket(PLAIN).key("k")), "SlowDown", 503);
        }
    }

    @Test
    void seededObjects_areReadableThroughTheSdk() throws Exception {
        var seeded = aws.putS3Object(TEMPLATES, "seeded.yaml", "Resources: {}".getBytes(StandardCharsets.UTF_8),
                "application/x-yaml");
        var got = s3.getObjectAsBytes(r -> r.bucket(TEMPLATES).key("seeded.yaml"));
        assertThat(got.asUtf8String()).isEqualTo("Resources: {}");
        assertThat(got.response().versionId()).isEqualTo(seeded.versionId());
        assertThat(got.response().ssekmsKeyId()).isEqualTo(CUSTOMER_KEY);
        assertThat(got.response().eTag()).isEqualTo(seeded.etag());
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            String admin = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(aws.endpoint()
                    + "/_emulator/s3/object?bucket=" + TEMPLATES + "&key=seeded.yaml")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(admin).contains("\"versionId\":\"" + seeded.versionId() + "\"", "\"bodyBase64\":\""
                    + java.util.Base64.getEncoder().encodeToString("Resources: {}".getBytes(StandardCharsets.UTF_8)));
        }
    }
}
