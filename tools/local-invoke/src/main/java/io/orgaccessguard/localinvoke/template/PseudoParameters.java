package io.orgaccessguard.localinvoke.template;

import java.util.Objects;

/**
 * Values of the CloudFormation pseudo parameters used when resolving {@code !Ref AWS::...} and {@code ${AWS::...}}.
 *
 * @param region    {@code AWS::Region}
 * @param accountId {@code AWS::AccountId}
 * @param partition {@code AWS::Partition}
 * @param stackName {@code AWS::StackName}
 */
public record PseudoParameters(String region, String accountId, String partition, String stackName) {

    /** SAM CLI's local defaults: account {@code 123456789012}, stack {@code local}. */
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final String DEFAULT_STACK_NAME = "local";
    public static final String DEFAULT_REGION = "us-east-1";

    public PseudoParameters {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(stackName, "stackName");
    }

    /** {@code us-east-1}, account {@code 123456789012}, partition {@code aws}, stack {@code local}. */
    public static PseudoParameters defaults() {
        return forRegion(DEFAULT_REGION);
    }

    /** The defaults with the given region, and the partition that region belongs to. */
    public static PseudoParameters forRegion(String region) {
        return new PseudoParameters(region, DEFAULT_ACCOUNT_ID, partitionOf(region), DEFAULT_STACK_NAME);
    }

    public PseudoParameters withAccountId(String value) {
        return new PseudoParameters(region, value, partition, stackName);
    }

    public PseudoParameters withStackName(String value) {
        return new PseudoParameters(region, accountId, partition, value);
    }

    /** {@code AWS::URLSuffix}: {@code amazonaws.com.cn} in China, {@code amazonaws.com} elsewhere. */
    public String urlSuffix() {
        return partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
    }

    /** The partition of a region name: {@code aws-cn}, {@code aws-us-gov}, {@code aws-iso}, ... or {@code aws}. */
    public static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }
}
