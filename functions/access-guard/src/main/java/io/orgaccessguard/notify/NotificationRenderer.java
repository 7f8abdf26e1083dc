package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.config.GuardConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one account result into what is published: subject, e-mail text, machine JSON and message attributes. Pure: no
 * AWS calls, no clock, no environment, so the same result always renders the same notification.
 */
public final class NotificationRenderer {

    /** Message attribute names, for SNS subscription filter policies. */
    public static final String OUTCOME_ATTRIBUTE = "outcome";
    public static final String ACCOUNT_ID_ATTRIBUTE = "accountId";
    public static final String MANAGEMENT_ACCOUNT_ID_ATTRIBUTE = "managementAccountId";

    /** The notification, with quick-create links when a bucket is configured (the templates taken to be there). */
    public Notification render(ResultWords result, Organization organization, GuardConfig config) {
        return render(result, organization, config, Optional.empty());
    }

    /**
     * @param templatesUnavailable why the member-account templates are not in the bucket, when putting them there
     *     failed: the alert then says so instead of linking to them
     */
    public Notification render(ResultWords result, Organization organization, GuardConfig config,
                               Optional<String> templatesUnavailable) {
        Optional<Remediation> remediation = Remediation.of(result, organization, config);
        Optional<OneClickFix> oneClick = remediation.flatMap(fix -> OneClickFix.of(result.outcome(), fix,
                organization, config, templatesUnavailable));
        Optional<AccessHints> access = isAccessInPlace(result)
                ? AccessHints.of(result, organization, config)
                : Optional.empty();
        return new Notification(
                SubjectLine.of(result.outcome(), result.accountId(), result.accountName()),
                EmailText.of(result, organization, config, oneClick, remediation, access),
                MachineJson.of(result, organization, config, oneClick, remediation, access),
                Map.of(OUTCOME_ATTRIBUTE, result.outcome().name(),
                        ACCOUNT_ID_ATTRIBUTE, attributeValue(result.accountId()),
                        MANAGEMENT_ACCOUNT_ID_ATTRIBUTE, attributeValue(organization.managementAccountId())));
    }

    /** The outcomes after which the management account can get in, so a way in is worth showing. */
    private static boolean isAccessInPlace(ResultWords result) {
        return switch (result.outcome()) {
            case ACCESS_VERIFIED, ROLE_CREATED, ROLE_COMPLETED, TRUST_REPAIRED -> true;
            default -> false;
        };
    }

    /** SNS refuses an empty attribute value, and a filter policy can only match clean text. */
    private static String attributeValue(String raw) {
        String value = PlainText.oneLine(raw, 64);
        return value.isEmpty() ? "unknown" : value;
    }
}
