package io.orgaccessguard.notify;

import java.util.List;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;

/** The IAM policy documents the remediation steps hand out, built with the SDK's typed builder, never by hand. */
final class PolicyDocuments {

    /**
     * What a bootstrap role may do, and only to the access role: create it, read it, tag it, attach and list its
     * policies, read its inline policies (which is how Organizations grants admin in the accounts it creates), and
     * replace its trust. Nothing else in the member account.
     */
    static final List<String> BOOTSTRAP_ACTIONS = List.of("iam:CreateRole", "iam:GetRole", "iam:TagRole",
            "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy",
            "iam:UpdateAssumeRolePolicy");

    private PolicyDocuments() {
    }

    /** A trust policy that lets {@code principalArns} call {@code sts:AssumeRole} on the role. */
    static String trustPolicy(List<String> principalArns) {
        return IamPolicy.builder()
                .addStatement(statement -> statement.effect(IamEffect.ALLOW)
                        .addPrincipals(IamPrincipalType.AWS, principalArns)
                        .addAction("sts:AssumeRole"))
                .build()
                .toJson();
    }

    /** The bootstrap role's inline policy: {@link #BOOTSTRAP_ACTIONS} on the access role's ARN only. */
    static String bootstrapPermissions(String accessRoleArn) {
        return IamPolicy.builder()
                .addStatement(statement -> statement.sid("ManageOrganizationAccessRoleOnly")
                        .effect(IamEffect.ALLOW)
                        .actionIds(BOOTSTRAP_ACTIONS)
                        .addResource(accessRoleArn))
                .build()
                .toJson();
    }
}
