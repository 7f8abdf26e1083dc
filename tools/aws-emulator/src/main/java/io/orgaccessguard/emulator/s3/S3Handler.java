package io.orgaccessguard.emulator.s3;

import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.auth.Principal;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.RestRequest;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 (REST-XML, path-style {@code /<bucket>/<key>}): PutObject, GetObject and HeadObject on seeded buckets, with S3's
 * authorization (identity policy and bucket policy, same-account and cross-account rules, {@code aws:PrincipalOrgID}),
 * encryption, versioning, checksum and error behaviour. Other operations answer {@code NotImplemented} (501).
 * Operation pages: https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, API_GetObject.html,
 * API_HeadObject.html; errors: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
 */
public final class S3Handler extends ServiceHandler {

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** API_PutObject / UsingMetadata: "The user-defined metadata is limited to 2 KB in size". */
    private static final int MAX_USER_METADATA = 2 * 1024;
    /** object-keys.html: "The object key name ... up to 1,024 bytes long." */
    private static final int MAX_KEY_BYTES = 1024;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    /** The checksum algorithms of PutObject ({@code x-amz-checksum-<algorithm>}) this emulator can verify. */
    private static final List<String> CHECKSUMS = List.of("crc32", "crc32c", "sha1", "sha256");
    private static final Set<String> CONTENT_HEADERS = Set.of("content-encoding", "cache-control",
            "content-disposition", "content-language", "expires");

    public S3Handler(EmulatorState state, Authorizer authorizer) {
        super(Wire.restXml("s3"), state, authorizer);
    }

    /** The operation a path-style request names. */
    @Override
    public String restAction(RestRequest request) {
        Location location = location(request);
        Map<String, String> query = request.query();
        String method = request.method();
        if (location.bucket() == null) {
            return "GET".equals(method) ? "ListBuckets" : "Unknown";
        }
        if (location.key() == null) {
            return switch (method) {
                case "GET" -> "2".equals(query.get("list-type")) ? "ListObjectsV2" : "ListObjects";
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                default -> "Unknown";
            };
        }
        for (String subresource : List.of("acl", "tagging", "uploads", "uploadId", "attributes", "retention",
                "legal-hold", "torrent", "restore", "select")) {
            if (query.containsKey(subresource)) {
                return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT) + "Object:" + subresource;
            }
        }
        return switch (method) {
            case "PUT" -> request.header("x-amz-copy-source") != null ? "CopyObject" : "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> "Unknown";
        };
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        RestRequest rest = request.rest();
        // How the payload was signed and checked shows in the call log, for tests of clients' signing modes.
        for (String header : List.of("x-amz-content-sha256", "x-amz-sdk-checksum-algorithm", "content-type")) {
            request.logParameter(header, rest.header(header));
        }
        return switch (request.action()) {
            case "PutObject" -> putObject(request, rest);
            case "GetObject" -> getObject(request, rest, false);
            case "HeadObject" -> getObject(request, rest, true);
            default -> throw new AwsException("NotImplemented", 501,
                    "A header you provided implies functionality that is not implemented: the emulator does not "
                            + "implement S3 " + request.action());
        };
    }

    // ---------------------------------------------------------------- PutObject

    private ServiceResponse putObject(AwsRequest request, RestRequest rest) {
        Location location = location(rest);
        S3Bucket bucket = bucket(request, location);
        String key = location.key();
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new AwsException("KeyTooLongError", 400, "Your key is too long",
                    Map.of("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES),
                            "Size", Integer.toString(key.getBytes(StandardCharsets.UTF_8).length)));
        }
        if (rest.header("x-amz-server-side-encryption-customer-algorithm") != null) {
            throw new AwsException("NotImplemented", 501, "The emulator does not implement SSE-C.");
        }
        String sse = rest.header("x-amz-server-side-encryption");
        String requestedKey = rest.header("x-amz-server-side-encryption-aws-kms-key-id");
        if (sse != null && !"AES256".equals(sse) && !"aws:kms".equals(sse) && !"aws:kms:dsse".equals(sse)) {
            throw new AwsException("InvalidArgument", 400, "The encryption method specified is not supported",
                    Map.of("ArgumentName", "x-amz-server-side-encryption", "ArgumentValue", sse));
        }
        if (requestedKey != null && (sse == null || !sse.startsWith("aws:kms"))) {
            throw new AwsException("InvalidArgument", 400, "Server Side Encryption with AWS KMS managed key requires "
                    + "HTTP header x-amz-server-side-encryption : aws:kms",
                    Map.of("ArgumentName", "x-amz-server-side-encryption", "ArgumentValue", "null"));
        }
        var conditionKeys = new HashMap<String, String>();
        if (sse != null) {
            conditionKeys.put("s3:x-amz-server-side-encryption", sse);
        }
        if (requestedKey != null) {
            conditionKeys.put("s3:x-amz-server-side-encryption-aws-kms-key-id", requestedKey);
        }
        authorize(request, bucket, "s3:PutObject", objectArn(bucket, key), conditionKeys);
        requireOwnerEnforcedAcl(rest);
        byte[] body = rest.payload();
        Map<String, String> checksums = verifiedChecksums(rest, body);
        verifyContentMd5(rest, body);
        Map<String, String> metadata = userMetadata(rest);

        // Default encryption applies when the request names none; SSE-KMS without a key uses the bucket's default
        // key, else the AWS managed key aws/s3 (UsingKMSEncryption.html).
        String encryption = sse != null ? sse : bucket.defaultEncryption();
        String kmsKey = null;
        boolean bucketKey = false;
        if (encryption.startsWith("aws:kms")) {
            kmsKey = requestedKey != null ? kmsKeyArn(bucket, requestedKey, request.caller())
                    : bucket.kmsKeyId() != null ? bucket.kmsKeyId() : state.awsManagedS3Key(bucket.ownerAccountId(),
                            bucket.region());
            String bucketKeyHeader = rest.header("x-amz-server-side-encryption-bucket-key-enabled");
            bucketKey = bucketKeyHeader != null ? Boolean.parseBoolean(bucketKeyHeader) : bucket.bucketKeyEnabled();
        }
        String versionId = bucket.versioned() ? state.s3VersionId() : "null";
        S3Object object = new S3Object(bucket.name(), key, versionId, body,
                Optional.ofNullable(rest.header("content-type")).orElse("binary/octet-stream"),
                etag(body, kmsKey), encryption, kmsKey, bucketKey, state.now(), metadata, contentHeaders(rest),
                checksums);
        bucket.store(object, current -> requireWriteCondition(current, key, rest));

        var headers = new LinkedHashMap<String, String>();
        headers.put("ETag", object.etag());
        encryptionHeaders(object, headers);
        if (bucket.versioned()) {
            headers.put("x-amz-version-id", versionId);
        }
        checksums.forEach((algorithm, value) -> headers.put("x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT),
                value));
        if (!checksums.isEmpty()) {
            headers.put("x-amz-checksum-type", "FULL_OBJECT");
        }
        return ServiceResponse.rest(200, headers, new byte[0]);
    }

    /**
     * New buckets enforce bucket ownership (ACLs disabled, about-object-ownership.html): a request that sets any ACL
     * other than one giving the bucket owner full control fails with AccessControlListNotSupported.
     */
    private static void requireOwnerEnforcedAcl(RestRequest rest) {
        String acl = rest.header("x-amz-acl");
        boolean grants = rest.headers().keySet().stream().anyMatch(h -> h.startsWith("x-amz-grant-"));
        if (grants || (acl != null && !"bucket-owner-full-control".equals(acl) && !"private".equals(acl))) {
            throw new AwsException("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
        }
    }

    /**
     * Conditional writes (conditional-writes.html): {@code If-None-Match: *} fails with 412 when the key exists;
     * {@code If-Match: <etag>} fails with 412 when the current ETag differs, and with 404 when there is no object.
     */
    private static void requireWriteCondition(Optional<S3Object> current, String key, RestRequest rest) {
        String ifNoneMatch = rest.header("if-none-match");
        String ifMatch = rest.header("if-match");
        if (ifNoneMatch != null) {
            if (!"*".equals(ifNoneMatch.strip())) {
                throw new AwsException("NotImplemented", 501, "If-None-Match on PutObject only takes *");
            }
            if (current.isPresent()) {
                throw new AwsException("PreconditionFailed", 412, "At least one of the pre-conditions you specified "
                        + "did not hold", Map.of("Condition", "If-None-Match"));
            }
        }
        if (ifMatch != null) {
            if (current.isEmpty()) {
                throw new AwsException("NoSuchKey", 404, "The specified key does not exist.", Map.of("Key", key));
            }
            if (!current.get().etag().equals(ifMatch.strip())) {
                throw new AwsException("PreconditionFailed", 412, "At least one of the pre-conditions you specified "
                        + "did not hold", Map.of("Condition", "If-Match"));
            }
        }
    }

    /**
     * The additional checksum of an upload, from its header or its aws-chunked trailer, verified against the payload
     * (checking-object-integrity.html). One algorithm at most; {@code x-amz-sdk-checksum-algorithm} must name one
     * that was sent.
     */
    private static Map<String, String> verifiedChecksums(RestRequest rest, byte[] body) {
        var found = new TreeMap<String, String>();
        for (String algorithm : CHECKSUMS) {
            String name = "x-amz-checksum-" + algorithm;
            String value = rest.header(name) != null ? rest.header(name) : rest.trailers().get(name);
            if (value != null) {
                found.put(algorithm.toUpperCase(Locale.ROOT), value);
            }
        }
        if (rest.header("x-amz-checksum-crc64nvme") != null || rest.trailers().containsKey("x-amz-checksum-crc64nvme")) {
            throw new AwsException("NotImplemented", 501, "The emulator does not verify CRC64NVME checksums; use "
                    + "CRC32, CRC32C, SHA1 or SHA256.");
        }
        if (found.size() > 1) {
            throw new AwsException("InvalidRequest", 400,
                    "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        String declared = rest.header("x-amz-sdk-checksum-algorithm");
        if (declared != null && !found.containsKey(declared.toUpperCase(Locale.ROOT))) {
            throw new AwsException("InvalidRequest", 400, "x-amz-sdk-checksum-algorithm specified, but no "
                    + "corresponding x-amz-checksum-* or x-amz-trailer headers were found.");
        }
        found.forEach((algorithm, value) -> {
            if (!checksum(algorithm, body).equals(value)) {
                throw new AwsException("BadDigest", 400, "The " + algorithm + " you specified did not match the "
                        + "calculated checksum.");
            }
        });
        return found;
    }

    static String checksum(String algorithm, byte[] body) {
        return switch (algorithm) {
            case "CRC32", "CRC32C" -> {
                java.util.zip.Checksum crc = "CRC32".equals(algorithm) ? new java.util.zip.CRC32()
                        : new java.util.zip.CRC32C();
                crc.update(body, 0, body.length);
                long value = crc.getValue();
                yield Base64.getEncoder().encodeToString(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                        (byte) (value >>> 8), (byte) value});
            }
            case "SHA1" -> Base64.getEncoder().encodeToString(digest("SHA-1", body));
            default -> Base64.getEncoder().encodeToString(digest("SHA-256", body));
        };
    }

    private static void verifyContentMd5(RestRequest rest, byte[] body) {
        String md5 = rest.header("content-md5");
        if (md5 == null) {
            return;
        }
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(md5.strip());
        } catch (IllegalArgumentException e) {
            expected = new byte[0];
        }
        if (expected.length != 16) {
            throw new AwsException("InvalidDigest", 400, "The Content-MD5 you specified was invalid.");
        }
        if (!Arrays.equals(expected, digest("MD5", body))) {
            throw new AwsException("BadDigest", 400, "The Content-MD5 you specified did not match what we received.");
        }
    }

    private static Map<String, String> userMetadata(RestRequest rest) {
        var metadata = new TreeMap<String, String>();
        int size = 0;
        for (String name : rest.headers().keySet()) {
            if (name.startsWith("x-amz-meta-")) {
                String value = rest.header(name);
                metadata.put(name.substring("x-amz-meta-".length()), value);
                size += name.length() - "x-amz-meta-".length() + value.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        if (size > MAX_USER_METADATA) {
            throw new AwsException("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed "
                    + "metadata size.", Map.of("Size", Integer.toString(size), "MaxSizeAllowed", "2048"));
        }
        return metadata;
    }

    /** Content headers S3 stores; the {@code aws-chunked} coding is framing, not content, and is dropped. */
    private static Map<String, String> contentHeaders(RestRequest rest) {
        var out = new TreeMap<String, String>();
        for (String name : CONTENT_HEADERS) {
            String value = rest.header(name);
            if ("content-encoding".equals(name) && value != null) {
                value = String.join(",", Arrays.stream(value.split(",")).map(String::strip)
                        .filter(v -> !v.isEmpty() && !"aws-chunked".equalsIgnoreCase(v)).toList());
            }
            if (value != null && !value.isEmpty()) {
                out.put(name, value);
            }
        }
        return out;
    }

    /**
     * Single-part ETags are the MD5 of the data for SSE-S3 objects; for SSE-KMS they are not an MD5 of the data
     * (API_Object.html: "Objects encrypted by SSE-KMS ... have ETags that are not an MD5 digest of their object data").
     */
    public static String etag(byte[] body, String kmsKey) {
        byte[] hash = kmsKey == null ? digest("MD5", body)
                : digest("MD5", (HexFormat.of().formatHex(digest("SHA-256", body)) + kmsKey)
                        .getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(hash) + "\"";
    }

    /**
     * A key ID or alias resolves in the requester's account, not the bucket owner's ("If you use a KMS key alias
     * instead, then KMS resolves the key within the requester's account", API_ServerSideEncryptionByDefault.html).
     */
    private String kmsKeyArn(S3Bucket bucket, String keyId, Principal requester) {
        if (keyId.startsWith("arn:")) {
            return keyId;
        }
        String account = requester != null ? requester.accountId() : bucket.ownerAccountId();
        return "arn:" + state.partition() + ":kms:" + bucket.region() + ":" + account + ":"
                + (keyId.startsWith("alias/") ? keyId : "key/" + keyId);
    }

    // ---------------------------------------------------------------- GetObject / HeadObject

    private ServiceResponse getObject(AwsRequest request, RestRequest rest, boolean head) {
        Location location = location(rest);
        S3Bucket bucket = bucket(request, location);
        String key = location.key();
        String versionId = rest.query().get("versionId");
        request.logParameter("VersionId", versionId);
        String permission = versionId != null ? "s3:GetObjectVersion" : "s3:GetObject";
        authorize(request, bucket, permission, objectArn(bucket, key), Map.of());
        Optional<S3Object> found = versionId == null ? bucket.latest(key) : bucket.version(key, versionId);
        if (found.isEmpty()) {
            if (versionId != null) {
                if (!bucket.versioned() && !"null".equals(versionId)) {
                    throw new AwsException("InvalidArgument", 400, "Invalid version id specified",
                            Map.of("ArgumentName", "versionId", "ArgumentValue", versionId));
                }
                throw new AwsException("NoSuchVersion", 404, "The specified version does not exist.",
                        Map.of("Key", key, "VersionId", versionId));
            }
            // API_GetObject: without s3:ListBucket on the bucket, a missing key is 403 Access Denied, not 404.
            if (!allowed(request, bucket, "s3:ListBucket", bucket.arn(state.partition()))) {
                throw new AwsException("AccessDenied", 403, "Access Denied");
            }
            throw new AwsException("NoSuchKey", 404, "The specified key does not exist.", Map.of("Key", key));
        }
        S3Object object = found.get();
        requireKmsAccess(request, bucket, object);

        var headers = new LinkedHashMap<String, String>();
        headers.put("Last-Modified", HTTP_DATE.format(object.lastModified()));
        headers.put("ETag", object.etag());
        encryptionHeaders(object, headers);
        if (bucket.versioned()) {
            headers.put("x-amz-version-id", object.versionId());
        }
        object.metadata().forEach((name, value) -> headers.put("x-amz-meta-" + name, value));
        object.contentHeaders().forEach(headers::put);
        headers.put("Accept-Ranges", "bytes");
        headers.put("Content-Type", object.contentType());
        byte[] body = object.body();
        int status = 200;
        String range = rest.header("range");
        if (range != null && !head) {
            int[] bounds = range(range, body.length);
            if (bounds != null) {
                status = 206;
                headers.put("Content-Range", "bytes " + bounds[0] + "-" + bounds[1] + "/" + body.length);
                body = Arrays.copyOfRange(body, bounds[0], bounds[1] + 1);
            }
        }
        if (status == 200 && "ENABLED".equalsIgnoreCase(rest.header("x-amz-checksum-mode"))) {
            object.checksums().forEach((algorithm, value) ->
                    headers.put("x-amz-checksum-" + algorithm.toLowerCase(Locale.ROOT), value));
            if (!object.checksums().isEmpty()) {
                headers.put("x-amz-checksum-type", "FULL_OBJECT");
            }
        }
        headers.put("Content-Length", Integer.toString(body.length));
        return ServiceResponse.rest(status, headers, head ? new byte[0] : body);
    }

    /** A single {@code bytes=a-b} range (also {@code a-} and {@code -n}); null to answer the whole object. */
    private static int[] range(String header, int length) {
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        int first;
        int last;
        if (m.group(1).isEmpty()) {
            first = Math.max(0, length - Integer.parseInt(m.group(2)));
            last = length - 1;
        } else {
            first = Integer.parseInt(m.group(1));
            last = m.group(2).isEmpty() ? length - 1 : Math.min(length - 1, Integer.parseInt(m.group(2)));
        }
        if (first >= length || first > last) {
            throw new AwsException("InvalidRange", 416, "The requested range is not satisfiable",
                    Map.of("RangeRequested", header, "ActualObjectSize", Integer.toString(length)));
        }
        return new int[] {first, last};
    }

    /**
     * An object encrypted with the AWS managed key {@code aws/s3} cannot be read from another account: the policy of an
     * AWS managed key is written by the service for its own account and "you can only change the key policy for a
     * customer managed key" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying.html); S3
     * answers the KMS denial as AccessDenied. The emulator does not model key policies: customer managed keys allow.
     */
    private void requireKmsAccess(AwsRequest request, S3Bucket bucket, S3Object object) {
        Principal caller = request.caller();
        boolean foreign = caller == null || !caller.accountId().equals(bucket.ownerAccountId());
        if (foreign && object.kmsKeyId() != null
                && object.kmsKeyId().equals(state.awsManagedS3Key(bucket.ownerAccountId(), bucket.region()))) {
            throw new AwsException("AccessDenied", 403, "The ciphertext refers to a customer master key that does not "
                    + "exist, does not exist in this region, or you are not allowed to access.");
        }
    }

    private static void encryptionHeaders(S3Object object, Map<String, String> headers) {
        headers.put("x-amz-server-side-encryption", object.serverSideEncryption());
        if (object.kmsKeyId() != null) {
            headers.put("x-amz-server-side-encryption-aws-kms-key-id", object.kmsKeyId());
            if (object.bucketKeyEnabled()) {
                headers.put("x-amz-server-side-encryption-bucket-key-enabled", "true");
            }
        }
    }

    // ---------------------------------------------------------------- authorization

    /**
     * S3's decision (how-s3-evaluates-access-control.html with the IAM rules it applies,
     * reference_policies_evaluation-logic_policy-eval-basics.html and
     * reference_policies_evaluation-logic-cross-account.html): an explicit Deny in the identity or the bucket policy
     * wins; within the bucket owner's account an Allow in either suffices; from another account both the caller's
     * identity policy and the bucket policy must allow. Anonymous callers have only what the bucket policy grants to
     * {@code "*"}. Access denied messages carry the reason for callers of the owner's account or organization and are
     * a bare "Access Denied" otherwise (troubleshoot-403-errors.html).
     */
    private void authorize(AwsRequest request, S3Bucket bucket, String action, String resource,
                           Map<String, String> requestKeys) {
        String reason = denial(request, bucket, action, resource, requestKeys);
        if (reason == null) {
            return;
        }
        Principal caller = request.caller();
        boolean explained = caller != null && (caller.accountId().equals(bucket.ownerAccountId())
                || (state.organization().isMember(caller.accountId())
                        && state.organization().isMember(bucket.ownerAccountId())));
        throw new AwsException("AccessDenied", 403, explained ? "User: " + caller.arn() + " is not authorized to "
                + "perform: " + action + " on resource: \"" + resource + "\" " + reason : "Access Denied");
    }

    private boolean allowed(AwsRequest request, S3Bucket bucket, String action, String resource) {
        return denial(request, bucket, action, resource, Map.of()) == null;
    }

    /** Null when allowed, else why not (in AWS's words). */
    private String denial(AwsRequest request, S3Bucket bucket, String action, String resource,
                          Map<String, String> requestKeys) {
        Principal caller = request.caller();
        Map<String, String> context = new HashMap<>();
        if (caller != null) {
            context.putAll(state.principalContext(caller, request.region()));
        }
        context.put("aws:resourceaccount", bucket.ownerAccountId());
        context.putAll(requestKeys);
        BucketPolicies.Verdict policy = bucket.policy() == null ? BucketPolicies.Verdict.NONE
                : BucketPolicies.evaluate(bucket.policy(), caller, state.partition(), action, resource, context);
        if (caller == null) {
            return !policy.explicitDeny() && policy.allowsPrincipal() ? null : "";
        }
        Authorizer.Verdict identity = authorizer.decide(caller, action, resource, request.region());
        if (identity.decision() == Decision.EXPLICIT_DENY) {
            return identity.reason();
        }
        if (policy.explicitDeny()) {
            return "with an explicit deny in a resource-based policy";
        }
        if (caller.accountId().equals(bucket.ownerAccountId())) {
            return identity.allowed() || policy.allowsPrincipal() ? null : identity.reason();
        }
        if (!identity.allowed()) {
            return identity.reason();
        }
        return policy.allowsPrincipal() || policy.allowsAccount() ? null
                : "because no resource-based policy allows the " + action + " action";
    }

    // ---------------------------------------------------------------- locations

    /** Bucket and key of a path-style request ({@code /bucket/key}); key null for bucket-level requests. */
    private record Location(String bucket, String key) {
    }

    private static Location location(RestRequest request) {
        String path = request.rawPath() == null ? "/" : request.rawPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.isEmpty()) {
            return new Location(null, null);
        }
        int slash = trimmed.indexOf('/');
        if (slash < 0 || slash == trimmed.length() - 1) {
            return new Location(decode(slash < 0 ? trimmed : trimmed.substring(0, slash)), null);
        }
        return new Location(decode(trimmed.substring(0, slash)), decode(trimmed.substring(slash + 1)));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private S3Bucket bucket(AwsRequest request, Location location) {
        request.logParameter("Bucket", location.bucket());
        request.logParameter("Key", location.key());
        S3Bucket bucket = state.bucket(location.bucket()).orElseThrow(() -> new AwsException("NoSuchBucket", 404,
                "The specified bucket does not exist", Map.of("BucketName", location.bucket())));
        request.targetAccount(bucket.ownerAccountId());
        return bucket;
    }

    private String objectArn(S3Bucket bucket, String key) {
        return bucket.arn(state.partition()) + "/" + key;
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
