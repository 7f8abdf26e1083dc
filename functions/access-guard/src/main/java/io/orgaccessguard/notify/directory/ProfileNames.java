package io.orgaccessguard.notify.directory;

import io.orgaccessguard.notify.CliProfile;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Unique CLI profile names for the enterable accounts, made by a {@link ProfileNameTemplate} (by default from the
 * account's name), the same for the same organization every time.
 *
 * <p>The collision rule: when the template makes the same name for several accounts, the account that joined the
 * organization first (then the lower account ID) keeps the plain name, and each other one gets {@code -} and the last
 * four digits of its account ID ({@code prod-1234}), or, should that be taken too, its whole ID. So a profile's name
 * never changes while its account keeps its name: a newcomer that takes the same name gets the suffix. (An account
 * renamed to a name an account that joined later already has takes the plain name from it: who had a name first is
 * not recorded, only who joined first.) Names are lower-case. The source profile's name ({@code management}) and
 * {@code default} are never given to an account.
 */
public final class ProfileNames {

    private static final Set<String> RESERVED = Set.of(CliProfile.SOURCE_PROFILE, "default");
    private static final Comparator<DirectoryEntry> FIRST_TO_JOIN = Comparator.comparing(DirectoryEntry::joinedAt)
            .thenComparing(DirectoryEntry::accountId);

    private ProfileNames() {
    }

    /** Account ID to profile name by the default template, for the enterable entries only, in account-ID order. */
    public static Map<String, String> assign(List<DirectoryEntry> entries) {
        return assign(entries, ProfileNameTemplate.DEFAULT);
    }

    /** Account ID to profile name, for the enterable entries only, in account-ID order. */
    public static Map<String, String> assign(List<DirectoryEntry> entries, ProfileNameTemplate template) {
        List<DirectoryEntry> enterable = entries.stream().filter(DirectoryEntry::enterable).sorted(FIRST_TO_JOIN)
                .toList();
        Map<String, String> plain = enterable.stream().collect(Collectors.toMap(DirectoryEntry::accountId,
                template::apply, (a, b) -> a, LinkedHashMap::new));
        // Each plain name goes to the first account (in joining order) that makes it, unless it is reserved.
        Set<String> taken = new HashSet<>(RESERVED);
        var names = new LinkedHashMap<String, String>();
        plain.forEach((accountId, name) -> {
            if (taken.add(name)) {
                names.put(accountId, name);
            }
        });
        plain.forEach((accountId, name) -> {
            if (!names.containsKey(accountId)) {
                String chosen = firstFree(taken, name + "-" + accountId.substring(accountId.length() - 4),
                        name + "-" + accountId);
                taken.add(chosen);
                names.put(accountId, chosen);
            }
        });
        return enterable.stream().sorted(Comparator.comparing(DirectoryEntry::accountId))
                .collect(Collectors.toMap(DirectoryEntry::accountId, e -> names.get(e.accountId()), (a, b) -> a,
                        LinkedHashMap::new));
    }

    private static String firstFree(Set<String> taken, String shortForm, String longForm) {
        if (!taken.contains(shortForm)) {
            return shortForm;
        }
        String candidate = longForm;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = longForm + "-" + n;
        }
        return candidate;
    }
}
