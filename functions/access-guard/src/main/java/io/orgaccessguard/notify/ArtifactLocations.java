package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;

/**
 * Where the access directory is in the artifact bucket, told the ways people look: an {@code s3://} URI (for
 * {@code aws s3 cp}) and the S3 console's page of the object.
 */
public final class ArtifactLocations {

    /** The page's object key. */
    public static final String DIRECTORY_PAGE = "access-directory.html";
    /** The CLI profiles' object key, next to the page. */
    public static final String DIRECTORY_AWS_CONFIG = "aws-config";

    private ArtifactLocations() {
    }

    public static String s3Uri(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }

    /**
     * The S3 console's page of one object, as the console itself addresses it ({@code /s3/object/<bucket>?region=...
     * &prefix=<key>}). AWS documents no form for console addresses, so the {@code s3://} URI stays the one to rely on.
     */
    public static String consoleUrl(Organization organization, String region, String bucket, String key) {
        String console = switch (organization.partition()) {
            case "aws-us-gov" -> "https://console.amazonaws-us-gov.com";
            case "aws-cn" -> "https://console.amazonaws.cn";
            default -> "https://" + region + ".console.aws.amazon.com";
        };
        return console + "/s3/object/" + bucket + "?region=" + region + "&prefix=" + SwitchRoleLink.urlEncode(key);
    }
}
