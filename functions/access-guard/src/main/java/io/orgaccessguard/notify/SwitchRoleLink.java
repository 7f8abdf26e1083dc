package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The console's switch-role link into a member account: opened by someone signed in to the management account, it
 * fills in the account, the role and a display name. The one place it is built (alerts and the access directory).
 */
public final class SwitchRoleLink {

    /** The console shows the display name in its navigation bar; a long one is only clutter. */
    static final int DISPLAY_NAME_LENGTH = 32;

    private SwitchRoleLink() {
    }

    /**
     * The link for {@code accountId}'s role {@code roleName}, shown as the account's name made safe (one line of
     * printable ASCII, at most {@value #DISPLAY_NAME_LENGTH} characters), or as the account ID when nothing of the
     * name survives.
     */
    public static String of(Organization organization, String accountId, String roleName, String accountName) {
        String shortName = PlainText.oneLine(accountName, DISPLAY_NAME_LENGTH);
        return "https://" + organization.consoleHost() + "/switchrole?account=" + accountId
                + "&roleName=" + urlEncode(roleName)
                + "&displayName=" + urlEncode(shortName.isEmpty() ? accountId : shortName);
    }

    /** Query-string encoding with {@code %20} for spaces: {@code +} is only a space in form bodies. */
    static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
