package io.orgaccessguard.emulator.policy;

import java.util.Map;
import java.util.Optional;

/**
 * The AWS managed policies the emulator knows, by name, with documents reduced to the services it emulates
 * (what they grant elsewhere cannot be observed here). Attaching any other {@code arn:aws:iam::aws:policy/...}
 * answers {@code NoSuchEntity}, as IAM does for a misspelt name.
 */
public final class AwsManagedPolicies {

    private static final Map<String, String> DOCUMENTS = Map.of(
            "AdministratorAccess", allow("\"*\""),
            "ReadOnlyAccess", allow("[\"iam:Get*\",\"iam:List*\",\"iam:Generate*\",\"iam:Simulate*\","
                    + "\"organizations:Describe*\",\"organizations:List*\",\"sns:Get*\",\"sns:List*\","
                    + "\"sns:Check*\",\"sts:GetCallerIdentity\"]"),
            "IAMReadOnlyAccess", allow("[\"iam:GenerateCredentialReport\",\"iam:GenerateServiceLastAccessedDetails\","
                    + "\"iam:Get*\",\"iam:List*\",\"iam:SimulateCustomPolicy\",\"iam:SimulatePrincipalPolicy\"]"),
            "IAMFullAccess", allow("[\"iam:*\",\"organizations:DescribeAccount\",\"organizations:DescribeOrganization\","
                    + "\"organizations:DescribeOrganizationalUnit\",\"organizations:DescribePolicy\","
                    + "\"organizations:ListChildren\",\"organizations:ListParents\","
                    + "\"organizations:ListPoliciesForTarget\",\"organizations:ListRoots\","
                    + "\"organizations:ListPolicies\",\"organizations:ListTargetsForPolicy\"]"),
            "AWSOrganizationsReadOnlyAccess", allow("[\"organizations:Describe*\",\"organizations:List*\"]"),
            "AWSOrganizationsFullAccess", allow("\"organizations:*\""),
            "AmazonSNSFullAccess", allow("\"sns:*\""),
            "AmazonSNSReadOnlyAccess", allow("[\"sns:GetTopicAttributes\",\"sns:List*\","
                    + "\"sns:CheckIfPhoneNumberIsOptedOut\",\"sns:GetEndpointAttributes\","
                    + "\"sns:GetDataProtectionPolicy\",\"sns:GetPlatformApplicationAttributes\","
                    + "\"sns:GetSMSAttributes\",\"sns:GetSMSSandboxAccountStatus\",\"sns:GetSubscriptionAttributes\"]"),
            "PowerUserAccess", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"NotAction\":[\"iam:*\",\"organizations:*\",\"account:*\"],\"Resource\":\"*\"},"
                    + "{\"Effect\":\"Allow\",\"Action\":[\"iam:CreateServiceLinkedRole\",\"iam:DeleteServiceLinkedRole\","
                    + "\"iam:ListRoles\",\"organizations:DescribeOrganization\"],\"Resource\":\"*\"}]}");

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
