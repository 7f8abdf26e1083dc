package io.orgaccessguard.notify;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.ArtifactStore;
import java.util.List;
import java.util.Optional;

/**
 * What an alert offers to fix one account, for the access directory: the same quick-create links ({@link OneClickFix},
 * {@link QuickCreateLink}), notes and re-check command ({@link RecheckCommand}) as the alert of that outcome, made by
 * the same code. The links and notes depend on the outcome alone (a stack is created in whichever account its reader
 * is signed in to), so the directory carries them once per outcome; the re-check command differs only by the account
 * ID, so it is given as the text before and after it.
 *
 * @param links the quick-create links, in the alert's order; empty when the outcome is not one a stack fixes, or when
 *     there is no bucket
 * @param linksUnavailable why there are no links although a bucket is configured (the templates could not be put
 *     there)
 */
public record AccountFix(Outcome outcome, List<Link> links, List<String> notes, Optional<String> linksUnavailable,
                         String recheckBefore, String recheckAfter) {

    /** An account ID no account has, where the re-check command carries the real one. */
    private static final String PLACEHOLDER = "000000000000";

    /** One quick-create link, worded as the alert words it ({@code Create the access role ...}). */
    public record Link(String label, String stackName, String url) {
    }

    public AccountFix {
        links = List.copyOf(links);
        notes = List.copyOf(notes);
    }

    /** The command that re-checks {@code accountId}, exactly as its alert prints it. */
    public String recheck(String accountId) {
        return recheckBefore + accountId + recheckAfter;
    }

    /** The re-check command alone, for an account with nothing on record (no outcome to fix). */
    public static String recheckCommand(String accountId, GuardConfig config) {
        return Remediation.recheck(accountId, config);
    }

    /**
     * The fix an alert of {@code outcome} offers, or empty when the outcome needs none.
     *
     * @param store the artifact bucket, to put the member templates there before they are linked to (as alerts do)
     */
    public static Optional<AccountFix> of(Outcome outcome, Organization organization, GuardConfig config,
                                          Optional<ArtifactStore> store) {
        var words = new ResultWords(PLACEHOLDER, "", "", outcome, "", Optional.empty(), List.of(), Optional.empty());
        return Remediation.of(words, organization, config).map(fix -> {
            Optional<String> unavailable = OneClickFix.applies(outcome) && store.isPresent()
                    ? new MemberTemplateUpload(store.get()).ensure() : Optional.empty();
            Optional<OneClickFix> oneClick = OneClickFix.of(outcome, fix, organization, config, unavailable);
            List<Link> links = oneClick.map(made -> made.links().stream().map(link -> new Link(
                    "Create " + link.creates(), link.stackName(), link.url())).toList()).orElse(List.of());
            int at = fix.recheck().indexOf(PLACEHOLDER);
            if (at < 0 || fix.recheck().indexOf(PLACEHOLDER, at + 1) >= 0) {
                throw new IllegalStateException("the re-check command should name its account once: " + fix.recheck());
            }
            return new AccountFix(outcome, links, oneClick.map(OneClickFix::notes).orElse(List.of()),
                    oneClick.flatMap(OneClickFix::unavailable), fix.recheck().substring(0, at),
                    fix.recheck().substring(at + PLACEHOLDER.length()));
        });
    }
}
