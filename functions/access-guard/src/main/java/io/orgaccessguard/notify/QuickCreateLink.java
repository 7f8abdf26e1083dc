package io.orgaccessguard.notify;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A CloudFormation quick-create link: opened by someone signed in to a member account, the console shows one
 * "Create stack" page with the template, the stack name and the parameters filled in.
 *
 * <p>The form is AWS's, "Creating quick-create links for stacks"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-console-create-stacks-quick-create-links.html):
 * {@code https://<console>/cloudformation/home?region=<region>#/stacks/create/review?templateURL=<url>&stackName=<name>
 * &param_<ParameterName>=<value>}. {@code templateURL} is required and "URL encoding is supported", and it "must point
 * to a template with a maximum size of 1 MB that is stored in an S3 bucket that you have read permissions to and that
 * is located in the same region as the stack", at most 1024 characters; the stack name has only alphanumerics and
 * hyphens, starts with a letter, at most 128 characters; {@code param_} names match the template's parameter names
 * exactly (case-sensitive). So one Region serves the console and the bucket alike.
 *
 * <p>The template URL is an S3 object URL, which CloudFormation requires to start with {@code https://}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html, TemplateURL), in the
 * virtual-hosted style {@code https://<bucket>.s3.<region>.amazonaws.com/<key>} (.amazonaws.com.cn in China),
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html; that page also says the TLS wildcard
 * certificate matches only bucket names without dots, so a dotted bucket gets the path style
 * {@code https://s3.<region>.amazonaws.com/<bucket>/<key>}, the form of the quick-create page's own example.
 *
 * <p>Console hosts: the Regional endpoint {@code <region>.console.aws.amazon.com} in the commercial partition
 * (https://docs.aws.amazon.com/general/latest/gr/mgmt-console.html, and the quick-create example), and the
 * partitions' own consoles elsewhere, with the Region in the query.
 */
public final class QuickCreateLink {

    /** AWS's limit on {@code templateURL}. */
    static final int MAX_TEMPLATE_URL_LENGTH = 1024;
    static final int MAX_STACK_NAME_LENGTH = 128;

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");
    /** CloudFormation's parameter names are alphanumeric. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9]+");
    /** S3 bucket naming rules: 3 to 63 of lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private QuickCreateLink() {
    }

    /**
     * The link that creates stack {@code stackName} in {@code region} from the template at {@code objectKey} in
     * {@code bucket}, with {@code parameters} filled in (in the map's order).
     *
     * @throws IllegalArgumentException for a partition, Region, bucket, stack or parameter name AWS would not take
     */
    public static String of(String partition, String region, String bucket, String objectKey, String stackName,
                            Map<String, String> parameters) {
        require(STACK_NAME.matcher(stackName).matches() && stackName.length() <= MAX_STACK_NAME_LENGTH,
                "stack name", stackName);
        var link = new StringBuilder(consoleOrigin(partition, region))
                .append("/cloudformation/home?region=").append(region)
                .append("#/stacks/create/review?templateURL=")
                .append(SwitchRoleLink.urlEncode(templateUrl(partition, region, bucket, objectKey)))
                .append("&stackName=").append(stackName);
        parameters.forEach((name, value) -> {
            require(PARAMETER_NAME.matcher(name).matches(), "parameter name", name);
            link.append("&param_").append(name).append('=').append(SwitchRoleLink.urlEncode(value));
        });
        return link.toString();
    }

    /** The S3 URL of {@code objectKey} in {@code bucket}, as {@code templateURL} takes it (not yet query-encoded). */
    public static String templateUrl(String partition, String region, String bucket, String objectKey) {
        requireRegion(region);
        require(BUCKET.matcher(bucket).matches(), "bucket name", bucket);
        require(!objectKey.isEmpty(), "object key", objectKey);
        String s3Host = "s3." + region + "." + dnsSuffix(partition);
        String path = encodeKey(objectKey);
        String url = bucket.contains(".")
                ? "https://" + s3Host + "/" + bucket + "/" + path
                : "https://" + bucket + "." + s3Host + "/" + path;
        require(url.length() <= MAX_TEMPLATE_URL_LENGTH, "template URL (over 1024 characters)", url);
        return url;
    }

    private static String consoleOrigin(String partition, String region) {
        requireRegion(region);
        return switch (partition) {
            case "aws" -> "https://" + region + ".console.aws.amazon.com";
            case "aws-us-gov" -> "https://console.amazonaws-us-gov.com";
            case "aws-cn" -> "https://console.amazonaws.cn";
            default -> throw new IllegalArgumentException("no console known for partition " + partition);
        };
    }

    private static String dnsSuffix(String partition) {
        return switch (partition) {
            case "aws", "aws-us-gov" -> "amazonaws.com";
            case "aws-cn" -> "amazonaws.com.cn";
            default -> throw new IllegalArgumentException("no S3 endpoint known for partition " + partition);
        };
    }

    /** Each path segment percent-encoded, the slashes between them kept. */
    private static String encodeKey(String objectKey) {
        return Arrays.stream(objectKey.split("/", -1)).map(SwitchRoleLink::urlEncode)
                .collect(Collectors.joining("/"));
    }

    private static void requireRegion(String region) {
        require(REGION.matcher(region).matches(), "Region", region);
    }

    private static void require(boolean valid, String what, String value) {
        if (!valid) {
            throw new IllegalArgumentException("not a valid " + what + ": " + value);
        }
    }
}
