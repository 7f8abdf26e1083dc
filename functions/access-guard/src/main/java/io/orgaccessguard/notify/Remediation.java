package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a person runs to give the management account its way into one member account. Built once per notification and
 * shown twice (e-mail text and machine JSON), so both always say the same thing. Every value in a command comes from
 * the configuration, the organization or a validated account ID, never from the account name.
 *
 * @param steps which of the commands below apply to this outcome
 * @param trustPolicy the trust policy the access role must have, as JSON
 * @param createRole {@code aws iam create-role} for the access role, in the member account
 * @param attachPolicies one {@code aws iam attach-role-policy} per configured policy, in the member account
 * @param updateTrust {@code aws iam update-assume-role-policy} for the access role, in the member account
 * @param verify read-only commands that show the role's trust and policies, in the member account
 * @param recheck the command that re-checks this account, run with management-account credentials
 */
record Remediation(Set<Step> steps, String memberAccountId, String accessRoleName, List<String> policyArns,
                   List<String> trustedPrincipalArns, String trustPolicy, String createRole, List<String> attachPolicies,
                   String updateTrust, List<String> verify, Bootstrap bootstrap, String recheck) {

    /** The name suggested for a bootstrap role when {@code BOOTSTRAP_ROLE_NAMES} names none. */
    static final String DEFAULT_BOOTSTRAP_ROLE_NAME = "OrgAccessGuardBootstrap";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** Arguments that need no quoting in a POSIX shell. */
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_+=,.@:/-]+");

    /** The kinds of fix; an outcome needs some of them. */
    enum Step { CREATE, UPDATE_TRUST, ATTACH, VERIFY, BOOTSTRAP, RECHECK }

    /**
     * A role org-access-guard may assume in the member account to create or repair the access role itself.
     *
     * @param configured whether {@code BOOTSTRAP_ROLE_NAMES} already names it
     * @param commands {@code create-role} and {@code put-role-policy}, in the member account
     */
    record Bootstrap(String roleName, boolean configured, String trustPolicy, String permissionsPolicy,
                     List<String> commands) {
    }

    Remediation {
        steps = Set.copyOf(steps);
        policyArns = List.copyOf(policyArns);
        trustedPrincipalArns = List.copyOf(trustedPrincipalArns);
        attachPolicies = List.copyOf(attachPolicies);
        verify = List.copyOf(verify);
    }

    /** Which fixes an outcome calls for; empty when nothing is to be fixed. */
    static Set<Step> stepsFor(Outcome outcome) {
        return switch (outcome) {
            // AccessDenied cannot tell a missing role from one that trusts someone else: cover both.
            case ROLE_MISSING -> EnumSet.of(Step.CREATE, Step.UPDATE_TRUST, Step.BOOTSTRAP, Step.RECHECK);
            case TRUST_MISMATCH -> EnumSet.of(Step.UPDATE_TRUST, Step.BOOTSTRAP, Step.RECHECK);
            case ROLE_INCOMPLETE -> EnumSet.of(Step.ATTACH, Step.BOOTSTRAP, Step.RECHECK);
            case ROLE_CREATED_UNVERIFIED, REPAIRED_UNVERIFIED ->
                    EnumSet.of(Step.VERIFY, Step.UPDATE_TRUST, Step.ATTACH, Step.RECHECK);
            // The cause is unknown: the role may be absent or may not trust us, so both fixes are given.
            case FAILED -> EnumSet.of(Step.CREATE, Step.UPDATE_TRUST, Step.BOOTSTRAP, Step.RECHECK);
            // A dry run changed nothing; a person may still want to do by hand what it would have done.
            case WOULD_CREATE -> EnumSet.of(Step.CREATE, Step.RECHECK);
            case WOULD_REPAIR -> EnumSet.of(Step.UPDATE_TRUST, Step.ATTACH, Step.RECHECK);
            // Nothing the function's commands make lifts a boundary, a Deny or an SCP: the owner decides (the words
            // say how), then a re-check.
            case ACCESS_RESTRICTED, ACCESS_UNDETERMINED -> EnumSet.of(Step.VERIFY, Step.RECHECK);
            case POLICY_MISSING -> EnumSet.of(Step.RECHECK);
            case ACCESS_VERIFIED, ROLE_CREATED, ROLE_COMPLETED, TRUST_REPAIRED, SKIPPED -> EnumSet.noneOf(Step.class);
        };
    }

    /**
     * The remediation for {@code result}, or empty when its outcome needs none or its account ID is not a 12-digit
     * AWS account ID (then no command could be right, and one built from it could even be unsafe to paste).
     */
    static Optional<Remediation> of(ResultWords result, Organization organization, GuardConfig config) {
        Set<Step> steps = stepsFor(result.outcome());
        if (steps.isEmpty() || !isAccountId(result.accountId())) {
            return Optional.empty();
        }
        String member = result.accountId();
        String roleName = config.accessRoleName();
        List<String> policies = config.accessRole().requiredPolicies(organization, member);
        List<String> principals = config.accessRole().trustedPrincipals(organization);
        String trust = PolicyDocuments.trustPolicy(principals);
        List<String> attach = policies.stream()
                .map(arn -> command("aws", "iam", "attach-role-policy", "--role-name", roleName, "--policy-arn", arn))
                .toList();
        return Optional.of(new Remediation(steps, member, roleName, policies, principals, trust,
                command("aws", "iam", "create-role", "--role-name", roleName, "--assume-role-policy-document", trust),
                attach,
                command("aws", "iam", "update-assume-role-policy", "--role-name", roleName, "--policy-document", trust),
                List.of(command("aws", "iam", "get-role", "--role-name", roleName,
                                "--query", "Role.AssumeRolePolicyDocument"),
                        command("aws", "iam", "list-attached-role-policies", "--role-name", roleName)),
                bootstrap(member, organization, config),
                recheck(member, config)));
    }

    static boolean isAccountId(String accountId) {
        return accountId != null && ACCOUNT_ID.matcher(accountId).matches();
    }

    boolean has(Step step) {
        return steps.contains(step);
    }

    /** The command that re-checks one account through the deployed function. */
    static String recheck(String accountId, GuardConfig config) {
        return RecheckCommand.of(config.recheckFunctionName(), config.region(),
                Json.write(Map.of("accountIds", List.of(accountId))));
    }

    private static Bootstrap bootstrap(String member, Organization organization, GuardConfig config) {
        boolean configured = !config.bootstrapRoleNames().isEmpty();
        String name = configured ? config.bootstrapRoleNames().getFirst() : DEFAULT_BOOTSTRAP_ROLE_NAME;
        // The function runs in the management account, so the bootstrap role trusts that account, as the access role
        // does by default; which of its principals may assume it is then up to the management account's own policies.
        String trust = PolicyDocuments.trustPolicy(List.of(organization.managementRootArn()));
        String permissions = PolicyDocuments.bootstrapPermissions(
                organization.roleArn(member, config.accessRoleName()));
        var commands = new ArrayList<String>();
        commands.add(command("aws", "iam", "create-role", "--role-name", name,
                "--assume-role-policy-document", trust));
        commands.add(command("aws", "iam", "put-role-policy", "--role-name", name,
                "--policy-name", "org-access-guard-bootstrap", "--policy-document", permissions));
        return new Bootstrap(name, configured, trust, permissions, commands);
    }

    /** A command line for a POSIX shell; arguments that need it are single-quoted. */
    static String command(String... arguments) {
        var line = new StringBuilder();
        for (String argument : arguments) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(quote(argument));
        }
        return line.toString();
    }

    private static String quote(String argument) {
        if (PLAIN_ARGUMENT.matcher(argument).matches()) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }
}
