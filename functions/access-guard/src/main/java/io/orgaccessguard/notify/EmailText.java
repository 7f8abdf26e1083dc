package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.notify.Remediation.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The e-mail body: plain text, because SNS e-mail is plain text and a person pastes commands from it. Everything taken
 * from the account (name, reason, actions) goes through {@link PlainText} and sits alone on its line, so it can neither
 * forge lines nor break a command; commands hold only configured and validated values.
 */
final class EmailText {

    /** A long name is kept on its line but not without end. */
    private static final int MAX_NAME_LENGTH = 256;
    private static final String INDENT = "    ";

    private final StringBuilder text = new StringBuilder();
    private final ResultWords result;
    private final Organization organization;
    private final GuardConfig config;
    private final String accountId;
    private final String roleName;

    private EmailText(ResultWords result, Organization organization, GuardConfig config) {
        this.result = result;
        this.organization = organization;
        this.config = config;
        this.accountId = PlainText.oneLine(result.accountId(), 64);
        this.roleName = config.accessRoleName();
    }

    static String of(ResultWords result, Organization organization, GuardConfig config, Optional<OneClickFix> oneClick,
                     Optional<Remediation> remediation, Optional<AccessHints> access) {
        var email = new EmailText(result, organization, config);
        oneClick.ifPresent(email::oneClick);
        email.summary();
        email.facts();
        remediation.ifPresent(email::remediation);
        if (remediation.isEmpty() && !Remediation.stepsFor(result.outcome()).isEmpty()) {
            email.line("No commands are given: '" + email.accountId + "' is not a 12-digit AWS account ID.");
            email.blank();
        }
        access.ifPresent(email::access);
        email.footer();
        return email.text.toString();
    }

    /** What leads the message: the links, then the full account of what was found and how else to fix it. */
    private void oneClick(OneClickFix fix) {
        String name = PlainText.oneLine(result.accountName(), MAX_NAME_LENGTH);
        line("FIX IT IN ONE CLICK: account " + fix.memberAccountId() + (name.isEmpty() ? "" : " (" + name + ")")
                + ", " + result.outcome().name());
        blank();
        if (fix.unavailable().isPresent()) {
            line("No quick-create link this time: the templates could not be put into the artifact bucket ("
                    + PlainText.oneLine(fix.unavailable().get()) + "). The steps below do the same by hand.");
            blank();
            return;
        }
        line("Sign in to account " + fix.memberAccountId() + " as someone who may create IAM roles, and open the"
                + " link. CloudFormation shows one page with everything filled in; choose Create stack.");
        blank();
        for (int i = 0; i < fix.links().size(); i++) {
            OneClickFix.Link link = fix.links().get(i);
            line((i == 0 ? "" : "Or ") + (i == 0 ? "Create " : "create ") + link.creates() + " (stack "
                    + link.stackName() + "):");
            line(INDENT + link.url());
            blank();
        }
        for (String note : fix.notes()) {
            line(note);
        }
        line("Everything below says what was found, and how to fix it by hand instead.");
        blank();
        line("-".repeat(72));
        blank();
    }

    private void summary() {
        String name = PlainText.oneLine(result.accountName(), MAX_NAME_LENGTH);
        line("org-access-guard checked AWS account " + accountId + (name.isEmpty() ? "" : " (" + name + ")") + ".");
        blank();
        line("Outcome: " + result.outcome().name());
        for (String sentence : headline()) {
            line(sentence);
        }
        blank();
    }

    /** What happened, and why it matters to the reader. */
    private List<String> headline() {
        String bootstrap = result.bootstrapRole().map(PlainText::oneLine).orElse("a bootstrap role");
        String noWayIn = "Until it is fixed, nobody in the management account (" + organization.managementAccountId()
                + ") can get into this account through " + roleName + ": no administration, no incident response,"
                + " no automation run from the management account.";
        return switch (result.outcome()) {
            case ACCESS_VERIFIED -> List.of("The management account assumed " + roleName
                    + " in this account, and the role carries the configured policies. Nothing to do.");
            case ROLE_CREATED -> List.of(roleName + " did not exist. It was created through " + bootstrap
                    + " and then assumed: the management account can now get into this account.");
            case ROLE_COMPLETED -> List.of(roleName + " lacked some of the configured policies. They were attached"
                    + " through " + bootstrap + ", and the role was assumed.");
            case TRUST_REPAIRED -> List.of(roleName + " did not admit the management account. Its trust policy was"
                    + " replaced through " + bootstrap + ", and the role was assumed.");
            case ROLE_MISSING -> List.of("The management account cannot assume " + roleName
                    + " in this account, and no bootstrap role could create it.", noWayIn,
                    "Someone who can create IAM roles in this account has to create it (see below).");
            case TRUST_MISMATCH -> List.of(roleName + " exists in this account, but its trust policy does not admit"
                    + " the management account, and it was not repaired" + (config.repairTrust()
                    ? " (no bootstrap role could do it)." : " (REPAIR_TRUST is false)."), noWayIn);
            case ROLE_INCOMPLETE -> List.of(roleName + " can be assumed but lacks some of the configured policies,"
                    + " and no bootstrap role could attach them. The management account can get in, but cannot do"
                    + " everything it is meant to.");
            case ROLE_CREATED_UNVERIFIED -> List.of(roleName + " was created through " + bootstrap + ", but could"
                    + " not be assumed before the propagation wait ran out.", unverifiedAdvice());
            case REPAIRED_UNVERIFIED -> List.of(roleName + " was repaired through " + bootstrap + ", but could not"
                    + " be assumed before the propagation wait ran out.", unverifiedAdvice());
            case WOULD_CREATE -> List.of("Dry run (DRY_RUN is true): " + roleName + " is absent and would have been"
                    + " created. Nothing was changed.", noWayIn);
            case WOULD_REPAIR -> List.of("Dry run (DRY_RUN is true): " + roleName + " would have been repaired"
                    + " (trust or policies). Nothing was changed.");
            case ACCESS_RESTRICTED -> List.of("The management account can assume " + roleName + " in this account, but"
                    + " something put in place by the account's or the organization's owners (a permissions boundary,"
                    + " an explicit Deny, a service control policy) denies what an administrator does: the account can"
                    + " be entered, not administered. org-access-guard never lifts such a restriction itself.");
            case ACCESS_UNDETERMINED -> List.of("The management account can assume " + roleName + " in this account,"
                    + " but whether it may administer the account could not be decided. Treat it as not verified.");
            case POLICY_MISSING -> List.of("A configured customer-managed policy does not exist in this account, so "
                    + roleName + " cannot be given it: a customer-managed policy lives in one account, and each member"
                    + " account needs its own of the same path and name.", noWayIn);
            case SKIPPED -> List.of("This account was skipped: there is nothing to act on.");
            case FAILED -> List.of("The check failed before it could tell whether the management account can get"
                    + " into this account. Treat access as missing until a re-check succeeds.", noWayIn);
        };
    }

    private static String unverifiedAdvice() {
        return "IAM changes usually take effect within a minute, so re-check first; if it still fails, look at the"
                + " role's trust policy and policies with the commands below.";
    }

    private void facts() {
        line("Account:             " + accountId);
        line("Account name:        " + orNone(PlainText.oneLine(result.accountName(), MAX_NAME_LENGTH)));
        line("Joined by:           " + orNone(PlainText.oneLine(result.joinedMethod(), 32)));
        line("Management account:  " + organization.managementAccountId());
        line("Access role:         " + (Remediation.isAccountId(result.accountId())
                ? organization.roleArn(result.accountId(), roleName) : roleName));
        line("Reason:              " + orNone(PlainText.oneLine(result.reason())));
        line("Bootstrap role used: " + result.bootstrapRole().map(PlainText::oneLine).orElse("none"));
        if (result.actions().isEmpty()) {
            line("Actions taken:       none");
        } else {
            line("Actions taken:");
            for (String action : result.actions()) {
                line(INDENT + "- " + PlainText.oneLine(action));
            }
        }
        blank();
    }

    private void remediation(Remediation fix) {
        line("WHAT TO DO");
        blank();
        if (result.outcome() == Outcome.ROLE_CREATED_UNVERIFIED || result.outcome() == Outcome.REPAIRED_UNVERIFIED) {
            recheck(fix, "1. Re-check this account now, with management-account credentials in the function's"
                    + " Region:");
            line("2. If the re-check fails again, look at the role in account " + fix.memberAccountId()
                    + ", with credentials for that account. Its trust policy must let "
                    + String.join(", ", fix.trustedPrincipalArns()) + " call sts:AssumeRole, and it must carry "
                    + String.join(", ", fix.policyArns()) + ":");
            commands(fix.verify());
            line("3. To set the trust policy:");
            commands(List.of(fix.updateTrust()));
            line("4. To attach the policies (attaching one that is already attached changes nothing):");
            commands(fix.attachPolicies());
            return;
        }
        if (result.outcome() == Outcome.ACCESS_RESTRICTED) {
            liftRestriction(fix);
        } else if (result.outcome() == Outcome.ACCESS_UNDETERMINED) {
            line("Let the role's own session ask IAM (iam:SimulatePrincipalPolicy on the role) or read its policies"
                    + " (iam:GetRole, iam:ListRolePolicies, iam:GetRolePolicy, iam:ListAttachedRolePolicies,"
                    + " iam:GetPolicy, iam:GetPolicyVersion); when the reason names context keys, the role's policies"
                    + " or the SCPs test values a check cannot know: look at those conditions. To see the role, in"
                    + " account " + fix.memberAccountId() + ":");
            commands(fix.verify());
        } else if (result.outcome() == Outcome.POLICY_MISSING) {
            line("Create the policies the reason names in account " + fix.memberAccountId() + ", same path and"
                    + " name (aws iam create-policy --path /ops/ --policy-name OpsAdmin --policy-document"
                    + " file://policy.json), or take them out of ACCESS_POLICY_ARNS.");
        }
        if (fix.has(Step.CREATE)) {
            createRole(fix);
        }
        if (fix.has(Step.UPDATE_TRUST)) {
            updateTrust(fix);
        }
        if (fix.has(Step.ATTACH)) {
            line((fix.has(Step.UPDATE_TRUST) ? "And attach" : "Attach") + " the configured policies to "
                    + fix.accessRoleName() + ", in account " + fix.memberAccountId()
                    + " (attaching one that is already attached changes nothing). Console: IAM / Roles / "
                    + fix.accessRoleName() + " / Permissions / Add permissions / Attach policies. AWS CLI:");
            commands(fix.attachPolicies());
        }
        if (fix.has(Step.BOOTSTRAP)) {
            bootstrap(fix);
        }
        recheck(fix, "Afterwards, re-check this account, with management-account credentials in the function's"
                + " Region:");
    }

    /** How to lift each kind of restriction; the reason names which applies. Nothing here is run by the function. */
    private void liftRestriction(Remediation fix) {
        String role = fix.accessRoleName();
        line("Whoever owns the restriction decides whether to lift it; the reason above names it. Then re-check.");
        line(INDENT + "- A permissions boundary: change the boundary policy so that it allows administration, or"
                + " remove it from the role, in account " + fix.memberAccountId() + ":");
        line(INDENT + INDENT + Remediation.command("aws", "iam", "get-role", "--role-name", role, "--query",
                "Role.PermissionsBoundary"));
        line(INDENT + INDENT + Remediation.command("aws", "iam", "delete-role-permissions-boundary", "--role-name",
                role));
        line(INDENT + "- An explicit Deny in the role's own policy: narrow or remove that statement (IAM / Roles / "
                + role + " / Permissions), in account " + fix.memberAccountId() + ".");
        line(INDENT + "- A service control policy: with management-account credentials, exempt the role (a Condition"
                + " ArnNotLike aws:PrincipalArn " + organization.roleArn(fix.memberAccountId(), role) + " on its Deny),"
                + " or detach it from the target the reason names:");
        line(INDENT + INDENT + Remediation.command("aws", "organizations", "list-policies-for-target", "--target-id",
                fix.memberAccountId(), "--filter", "SERVICE_CONTROL_POLICY"));
        line(INDENT + INDENT + "aws organizations detach-policy --policy-id <policy-id> --target-id <target-id>");
        blank();
    }

    private void createRole(Remediation fix) {
        if (result.outcome() == Outcome.FAILED) {
            line("If " + fix.accessRoleName() + " does not exist in account " + fix.memberAccountId()
                    + ", create it:");
            blank();
        }
        line("Create the role in the console (as the AWS Organizations User Guide describes for invited accounts),"
                + " signed in to account " + fix.memberAccountId() + " as a user or role that may create IAM roles:");
        line(INDENT + "1. In the IAM console, go to Roles and choose Create role.");
        line(INDENT + "2. Choose AWS account, then Another AWS account.");
        line(INDENT + "3. For Account ID, enter the management account ID " + organization.managementAccountId()
                + ". Do not choose Require external ID. Choose Next.");
        line(INDENT + "4. Under Permissions policies, select " + policyNames(fix.policyArns()) + ", then choose Next.");
        line(INDENT + "5. For Role name, enter " + fix.accessRoleName() + ", then choose Create role.");
        if (!fix.trustedPrincipalArns().equals(List.of(organization.managementRootArn()))) {
            line(INDENT + "6. The console trusts the whole management account, but this function is configured to"
                    + " trust only " + String.join(", ", fix.trustedPrincipalArns()) + ": replace the trust"
                    + " policy (Trust relationships / Edit trust policy), or with the AWS CLI:");
            line(INDENT + INDENT + fix.updateTrust());
        }
        blank();
        line("Or with the AWS CLI, with credentials for account " + fix.memberAccountId() + ":");
        var create = new ArrayList<String>();
        create.add(fix.createRole());
        create.addAll(fix.attachPolicies());
        commands(create);
    }

    private void updateTrust(Remediation fix) {
        boolean conditional = fix.has(Step.CREATE) || result.outcome() == Outcome.WOULD_REPAIR;
        line((conditional ? "If " + fix.accessRoleName() + " exists but does not admit the management account,"
                + " replace" : "Replace") + " its trust policy, in account " + fix.memberAccountId()
                + ". It must let " + String.join(", ", fix.trustedPrincipalArns()) + " call sts:AssumeRole."
                + " Console: IAM / Roles / " + fix.accessRoleName() + " / Trust relationships / Edit trust policy."
                + " AWS CLI:");
        commands(List.of(fix.updateTrust()));
    }

    private void bootstrap(Remediation fix) {
        Remediation.Bootstrap bootstrap = fix.bootstrap();
        line("Or let org-access-guard do it, now and whenever the role needs it again: create a bootstrap role it"
                + " may assume in account " + fix.memberAccountId() + ". Its inline policy allows only "
                + String.join(", ", PolicyDocuments.BOOTSTRAP_ACTIONS) + ", and only on "
                + organization.roleArn(fix.memberAccountId(), fix.accessRoleName()) + ". AWS CLI, with credentials"
                + " for account " + fix.memberAccountId() + ":");
        commands(bootstrap.commands());
        if (!bootstrap.configured()) {
            line("BOOTSTRAP_ROLE_NAMES is empty, so no bootstrap role is tried: add " + bootstrap.roleName()
                    + " to it in the function's configuration.");
        }
        if (result.outcome() == Outcome.TRUST_MISMATCH && !config.repairTrust()) {
            line("REPAIR_TRUST is false, so a bootstrap role is not used to repair trust: set it to true as well.");
        }
        line("To give every account this role at once, including accounts that join later, deploy it with a"
                + " CloudFormation StackSet (service-managed permissions, targeting your organizational units,"
                + " with automatic deployment on).");
        blank();
    }

    private void recheck(Remediation fix, String introduction) {
        line(introduction);
        commands(List.of(fix.recheck()));
    }

    private void access(AccessHints hints) {
        line("HOW TO GET IN");
        blank();
        line("Console, signed in to the management account: open");
        line(INDENT + hints.switchRoleUrl());
        blank();
        line("AWS CLI: add this profile to ~/.aws/config, with source_profile naming the profile that holds your"
                + " management-account credentials:");
        for (String profileLine : hints.profile().split("\n")) {
            line(INDENT + profileLine);
        }
        line("then use --profile " + hints.profileName() + ", or get temporary credentials once:");
        commands(List.of(hints.assumeRoleCommand()));
    }

    private void footer() {
        line("--");
        line("Sent by org-access-guard in management account " + organization.managementAccountId()
                + " (organization " + organization.id() + ", partition " + organization.partition() + ")."
                + " Commands are for a POSIX shell.");
    }

    /** The console lists AWS managed policies by name: {@code AdministratorAccess}, not its ARN. */
    private static String policyNames(List<String> arns) {
        return String.join(", ", arns.stream()
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1) + " (" + arn + ")")
                .toList());
    }

    private void commands(List<String> commands) {
        for (String command : commands) {
            line(INDENT + command);
        }
        blank();
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "none" : value;
    }

    private void line(String line) {
        text.append(line).append('\n');
    }

    private void blank() {
        text.append('\n');
    }
}
