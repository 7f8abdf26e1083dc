package io.orgaccessguard.core.model;

import java.util.List;

/**
 * The access role the management account enters member accounts through: its name, the policies it must carry and the
 * principals it must trust, as configured. Empty lists mean the defaults, which depend on the organization: the
 * partition's {@code AdministratorAccess}, and the management account's root.
 *
 * @param policyArns the managed policies the role must carry (AWS managed ARNs, or customer-managed ones by path and
 *     name); empty means the partition's AdministratorAccess
 * @param trustedPrincipalArns the principals the role must trust; empty means the management account's root
 */
public record AccessRole(String name, List<String> policyArns, List<String> trustedPrincipalArns) {

    public AccessRole {
        policyArns = List.copyOf(policyArns);
        trustedPrincipalArns = List.copyOf(trustedPrincipalArns);
    }

    /** The role's ARN in one member account. */
    public String arnIn(Organization organization, String accountId) {
        return organization.roleArn(accountId, name);
    }

    /**
     * The policies the role must carry, as configured (customer-managed ones by path and name, such as
     * {@code /ops/OpsAdmin}), with the partition's AdministratorAccess as the default.
     */
    public List<String> requiredPolicies(Organization organization) {
        return policyArns.isEmpty() ? List.of(organization.awsManagedPolicyArn("AdministratorAccess")) : policyArns;
    }

    /**
     * The policies the role must carry in one member account: AWS managed ARNs as given, and a customer-managed policy
     * given by path and name as that account's own policy of that path and name, in the organization's partition (a
     * customer-managed policy can be attached only in the account that holds it).
     */
    public List<String> requiredPolicies(Organization organization, String accountId) {
        return requiredPolicies(organization).stream().map(policy -> policy.startsWith("/")
                ? "arn:" + organization.partition() + ":iam::" + accountId + ":policy" + policy : policy).toList();
    }

    /** Whether policies were configured, rather than the default AdministratorAccess. */
    public boolean policiesConfigured() {
        return !policyArns.isEmpty();
    }

    /** The principals the role must trust, with the management account's root as the default. */
    public List<String> trustedPrincipals(Organization organization) {
        return trustedPrincipalArns.isEmpty() ? List.of(organization.managementRootArn()) : trustedPrincipalArns;
    }
}
