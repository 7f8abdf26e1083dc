package io.orgaccessguard.emulator.seed;

/**
 * The role AWS Organizations makes in every account it creates: named by CreateAccount's {@code RoleName}
 * ({@code OrganizationAccountAccessRole} by default), trusted by the management account, with full administrative
 * permissions granted by an <em>inline</em> policy named {@code AdministratorAccess} and no managed policy attached.
 *
 * <p>AWS documents the name, the trust ("the scope of access for this role includes all principals in the management
 * account") and "full administrative permissions":
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access.html,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html and
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html (RoleName). Those pages do not
 * spell out the policy's form; the inline {@code AdministratorAccess} document below is what such accounts hold (issue
 * 10, defect 1, reproduced; a role made by hand for an <em>invited</em> account gets the managed policy instead, per
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html).
 */
public final class OrganizationsAccessRole {

    /** CreateAccount's default {@code RoleName}. */
    public static final String DEFAULT_NAME = "OrganizationAccountAccessRole";
    /** The inline policy's name: the same as the AWS managed policy's, though it is not that policy. */
    public static final String INLINE_POLICY_NAME = "AdministratorAccess";
    public static final String INLINE_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private OrganizationsAccessRole() {
    }

    /** Admits the management account (every principal in it that its own policies let assume the role). */
    public static String trustPolicy(String partition, String managementAccountId) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:"
                + partition + ":iam::" + managementAccountId + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }
}
