package io.orgaccessguard.it.moto;

import java.util.Optional;

/**
 * The member accounts of the moto organization, each made as AWS makes it ({@link MotoOrganization} does the
 * making), with what AWS's behaviour makes of it under the defaults ({@code ACCESS_POLICY_ARNS} unset,
 * {@code NOTIFY_ON=changes}, {@code BOOTSTRAP_ROLE_NAMES=OrgAccessGuardBootstrap}).
 *
 * <p>Every account that has a usable access role also has the bootstrap role, so that the function could write and
 * "no IAM write" is a claim that can fail.
 */
enum AccountKind {

    /**
     * Created by {@code CreateAccount}: Organizations makes {@code OrganizationAccountAccessRole}, trusting the
     * management account, with full administrator permissions through an inline policy {@code AdministratorAccess}
     * ({@code "Action": "*"}, {@code "Resource": "*"}) and no managed policy. Assumable and admin: verified, untouched.
     */
    CREATED_BY_ORGANIZATIONS("ACCESS_VERIFIED", IamChange.NONE),

    /**
     * Invited, then given the role by hand as AWS's procedure for invited accounts says: trust the management account,
     * attach the AWS managed policy {@code AdministratorAccess}. Nothing inline.
     */
    INVITED_WITH_MANAGED_POLICY("ACCESS_VERIFIED", IamChange.NONE),

    /** Created by Organizations, and someone attached the managed {@code AdministratorAccess} as well. */
    CREATED_WITH_BOTH_POLICIES("ACCESS_VERIFIED", IamChange.NONE),

    /**
     * Invited, the access role made by hand with {@code ReadOnlyAccess} only, and a bootstrap role: the role lacks the
     * administrator access asked for, which the function attaches through the bootstrap role.
     */
    READ_ONLY_ROLE_AND_BOOTSTRAP_ROLE("ROLE_COMPLETED", IamChange.ADMINISTRATOR_ACCESS_ATTACHED),

    /** Invited, the access role made by hand with {@code ReadOnlyAccess} only, and nothing to complete it through. */
    READ_ONLY_ROLE("ROLE_INCOMPLETE", IamChange.NONE),

    /** Invited, with only the bootstrap role: the function creates the access role through it. */
    BOOTSTRAP_ROLE_ONLY("ROLE_CREATED", IamChange.ACCESS_ROLE_CREATED),

    /** Invited, with no role at all: nothing to assume, nothing to create through, so people are told. */
    NO_ROLE("ROLE_MISSING", IamChange.NONE),

    /** Created, then closed ({@code CloseAccount}): not ACTIVE, so not checked. */
    CLOSED("SKIPPED", IamChange.NONE);

    /** What the run may write in the member account's IAM. */
    enum IamChange {
        /** Nothing at all. */
        NONE,
        /** The access role, created as asked; nothing else. */
        ACCESS_ROLE_CREATED,
        /** {@code AdministratorAccess} attached to the existing access role; nothing else. */
        ADMINISTRATOR_ACCESS_ATTACHED
    }

    private final String awsOutcome;
    private final IamChange iamChange;

    AccountKind(String awsOutcome, IamChange iamChange) {
        this.awsOutcome = awsOutcome;
        this.iamChange = iamChange;
    }

    /** The outcome the function must report. */
    String awsOutcome() {
        return awsOutcome;
    }

    IamChange iamChange() {
        return iamChange;
    }

    /**
     * What people hear about this account under {@code NOTIFY_ON=changes}: problems and changes, never a verified or
     * skipped account.
     */
    Optional<String> announcedOutcome() {
        return switch (awsOutcome) {
            case "ACCESS_VERIFIED", "SKIPPED" -> Optional.empty();
            default -> Optional.of(awsOutcome);
        };
    }
}
