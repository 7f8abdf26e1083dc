package io.orgaccessguard.emulator.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies the emulator knows, by name, with documents reduced to the services it emulates (STS,
 * IAM, Organizations, SNS, DynamoDB, S3: what they grant elsewhere cannot be observed here). Attaching any other {@code arn:aws:iam::aws:policy/...}
 * answers {@code NoSuchEntity}, as IAM does for a misspelt name.
 */
public final class AwsManagedPolicies {

    private static final Map<String, String> DOCUMENTS = Map.ofEntries(
            Map.entry("AdministratorAccess", allow("\"*\"")),
            Map.entry("ReadOnlyAccess", allow("[\"iam:Get*\",\"iam:List*\",\"iam:Generate*\",\"iam:Simulate*\","
                    + "\"organizations:Describe*\",\"organizations:List*\",\"sns:Get*\",\"sns:List*\","
                    + "\"sns:Check*\",\"sts:GetCallerIdentity\",\"dynamodb:BatchGetItem\",\"dynamodb:Describe*\","
                    + "\"dynamodb:Get*\",\"dynamodb:List*\",\"dynamodb:Query\",\"dynamodb:Scan\",\"s3:Get*\","
                    + "\"s3:List*\"]")),
            Map.entry("IAMReadOnlyAccess", allow("[\"iam:GenerateCredentialReport\","
                    + "\"iam:GenerateServiceLastAccessedDetails\",\"iam:Get*\",\"iam:List*\","
                    + "\"iam:SimulateCustomPolicy\",\"iam:SimulatePrincipalPolicy\"]")),
            Map.entry("IAMFullAccess", allow("[\"iam:*\",\"organizations:DescribeAccount\","
                    + "\"organizations:DescribeOrganization\",\"organizations:DescribeOrganizationalUnit\","
                    + "\"organizations:DescribePolicy\",\"organizations:ListChildren\",\"organizations:ListParents\","
                    + "\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\","
                    + "\"organizations:ListPolicies\",\"organizations:ListTargetsForPolicy\"]")),
            Map.entry("AWSOrganizationsReadOnlyAccess", allow("[\"organizations:Describe*\",\"organizations:List*\"]")),
            Map.entry("AWSOrganizationsFullAccess", allow("\"organizations:*\"")),
            Map.entry("AmazonSNSFullAccess", allow("\"sns:*\"")),
            Map.entry("AmazonSNSReadOnlyAccess", allow("[\"sns:GetTopicAttributes\",\"sns:List*\","
                    + "\"sns:CheckIfPhoneNumberIsOptedOut\",\"sns:GetEndpointAttributes\","
                    + "\"sns:GetDataProtectionPolicy\",\"sns:GetPlatformApplicationAttributes\","
                    + "\"sns:GetSMSAttributes\",\"sns:GetSMSSandboxAccountStatus\",\"sns:GetSubscriptionAttributes\"]")),
            Map.entry("AmazonDynamoDBFullAccess", allow("\"dynamodb:*\"")),
            Map.entry("AmazonDynamoDBReadOnlyAccess", allow("[\"dynamodb:BatchGetItem\",\"dynamodb:Describe*\","
                    + "\"dynamodb:GetItem\",\"dynamodb:List*\",\"dynamodb:PartiQLSelect\",\"dynamodb:Query\","
                    + "\"dynamodb:Scan\"]")),
            Map.entry("AmazonS3FullAccess", allow("[\"s3:*\",\"s3-object-lambda:*\"]")),
            Map.entry("AmazonS3ReadOnlyAccess", allow("[\"s3:Get*\",\"s3:List*\",\"s3:Describe*\","
                    + "\"s3-object-lambda:Get*\",\"s3-object-lambda:List*\"]")),
            Map.entry("PowerUserAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateServiceLinkedRole\",\"iam:DeleteServiceLinkedRole\","
                    + "\"iam:ListRoles\",\"organizations:DescribeOrganization\"],\"Resource\":\"*\"}]}"));

    private AwsManagedPolicies() {
    }

    public static Optional<String> document(String name) {
        return Optional.ofNullable(DOCUMENTS.get(name));
    }

    public static Map<String, String> all() {
        return DOCUMENTS;
    }

    private static String allow(String actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":\"*\"}]}";
    }
}
