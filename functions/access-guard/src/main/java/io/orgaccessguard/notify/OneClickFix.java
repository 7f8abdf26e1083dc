package io.orgaccessguard.notify;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CloudFormation quick-create links an alert leads with: opened by someone signed in to the member account, each
 * shows one "Create stack" page with the template and every parameter filled in. A missing role gets the access role
 * template, and the bootstrap role template as the alternative that keeps the role right from then on; a role that
 * exists (wrong trust, missing policies) gets only the bootstrap role template, since a stack cannot create a role of a
 * name that is taken. The templates are the ones in the function's jar, put into the artifact bucket before the first
 * alert that links to them ({@link MemberTemplateUpload}).
 *
 * @param memberAccountId where the stacks are to be created
 * @param links in the order they are offered
 * @param notes what the reader must know besides (a stack that cannot create an existing role, configuration the
 *     bootstrap route needs)
 * @param unavailable why no link is given although a bucket is configured (the templates could not be put there)
 */
record OneClickFix(String memberAccountId, List<Link> links, List<String> notes, Optional<String> unavailable) {

    /** The outcomes where a person in the member account has to act, and a stack can do it for them. */
    static final Set<Outcome> OUTCOMES = EnumSet.of(Outcome.ROLE_MISSING, Outcome.TRUST_MISMATCH,
            Outcome.ROLE_INCOMPLETE);

    /**
     * One quick-create link.
     *
     * @param creates what the stack makes, in a few words
     * @param templateUrl the S3 URL the link carries, for programs that create the stack themselves
     */
    record Link(MemberTemplate template, String creates, String stackName, String templateUrl, String url) {
    }

    OneClickFix {
        links = List.copyOf(links);
        notes = List.copyOf(notes);
    }

    /** Whether an alert of this outcome would lead with links, given a bucket. */
    static boolean applies(Outcome outcome) {
        return OUTCOMES.contains(outcome);
    }

    /**
     * The links for {@code fix}'s account, or empty when there is no bucket or the outcome is not one a stack fixes.
     *
     * @param templatesUnavailable why the templates are not in the bucket, when they could not be put there
     */
    static Optional<OneClickFix> of(Outcome outcome, Remediation fix, Organization organization, GuardConfig config,
                                    Optional<String> templatesUnavailable) {
        if (!applies(outcome) || config.artifactBucket().isEmpty()) {
            return Optional.empty();
        }
        String account = fix.memberAccountId();
        if (templatesUnavailable.isPresent()) {
            return Optional.of(new OneClickFix(account, List.of(), List.of(), templatesUnavailable));
        }
        String bucket = config.artifactBucket().get();
        var links = new ArrayList<Link>();
        var notes = new ArrayList<String>();
        if (outcome == Outcome.ROLE_MISSING) {
            links.add(link(MemberTemplate.ACCESS_ROLE, "the access role " + fix.accessRoleName(), MemberTemplate
                    .accessRoleParameters(organization.managementAccountId(), fix.accessRoleName(), fix.policyArns(),
                            fix.trustedPrincipalArns()), organization, config, bucket));
            notes.add("If the stack fails because " + fix.accessRoleName() + " already exists (it may exist and trust"
                    + " another account), use the bootstrap role link instead.");
        } else {
            notes.add("A stack cannot create a role that already exists, and " + fix.accessRoleName() + " exists in"
                    + " this account: the link creates the bootstrap role, through which org-access-guard "
                    + (outcome == Outcome.TRUST_MISMATCH ? "repairs the role's trust" : "attaches the missing"
                    + " policies") + " on its next check.");
        }
        Remediation.Bootstrap bootstrap = fix.bootstrap();
        links.add(link(MemberTemplate.BOOTSTRAP_ROLE, "the bootstrap role " + bootstrap.roleName() + ", to let"
                + " org-access-guard keep " + fix.accessRoleName() + " right from now on", MemberTemplate
                .bootstrapRoleParameters(organization.managementAccountId(), bootstrap.roleName(),
                        fix.accessRoleName()), organization, config, bucket));
        if (!bootstrap.configured()) {
            notes.add("The bootstrap role is used only once BOOTSTRAP_ROLE_NAMES names " + bootstrap.roleName() + ".");
        }
        // The same words for every account, so that a digest says them once for all the accounts it links.
        notes.add("Who can follow a link: a person signed in to the member account as an administrator, or with"
                + " cloudformation:CreateStack, cloudformation:DescribeStacks, cloudformation:DescribeStackEvents,"
                + " iam:CreateRole, iam:GetRole, iam:TagRole, iam:AttachRolePolicy and iam:PutRolePolicy, and who"
                + " ticks the acknowledgement that the stack creates IAM resources with custom names on the create page."
                + " Reading the template needs nothing more: it is stored with S3-managed encryption, readable by the"
                + " organization's accounts with s3:GetObject alone.");
        if (outcome == Outcome.TRUST_MISMATCH && !config.repairTrust()) {
            notes.add("A trust is repaired through the bootstrap role only with REPAIR_TRUST set to true.");
        }
        return Optional.of(new OneClickFix(account, links, notes, Optional.empty()));
    }

    private static Link link(MemberTemplate template, String creates, Map<String, String> parameters,
                             Organization organization, GuardConfig config, String bucket) {
        String templateUrl = QuickCreateLink.templateUrl(organization.partition(), config.region(), bucket,
                template.resourcePath());
        String url = QuickCreateLink.of(organization.partition(), config.region(), bucket, template.resourcePath(),
                template.stackName(), parameters);
        return new Link(template, creates, template.stackName(), templateUrl, url);
    }
}
