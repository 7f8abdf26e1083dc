package io.orgaccessguard.core.model;

/**
 * The organization this function runs in, read once from {@code DescribeOrganization}.
 *
 * @param partition the ARN partition ({@code aws}, {@code aws-us-gov}, {@code aws-cn}), taken from the organization ARN
 */
public record Organization(String id, String managementAccountId, String partition) {

    public String roleArn(String accountId, String roleName) {
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    public String managementRootArn() {
        return "arn:" + partition + ":iam::" + managementAccountId + ":root";
    }

    public String awsManagedPolicyArn(String policyName) {
        return "arn:" + partition + ":iam::aws:policy/" + policyName;
    }

    /** The sign-in host that serves switch-role links in this partition. */
    public String consoleHost() {
        return switch (partition) {
            case "aws-us-gov" -> "signin.amazonaws-us-gov.com";
            case "aws-cn" -> "signin.amazonaws.cn";
            default -> "signin.aws.amazon.com";
        };
    }
}
