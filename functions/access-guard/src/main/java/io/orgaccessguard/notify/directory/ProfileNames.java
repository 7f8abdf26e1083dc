package io.orgaccessguard.notify.directory;

import io.orgaccessguard.notify.CliProfile;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Unique CLI profile names for the enterable accounts, made from account names, the same for the same organization
 * every time.
 *
 * <p>An account keeps its plain name ({@link CliProfile#name}) when no other account's name makes the same one. When
 * several do, every one of them gets the last four digits of its account ID ({@code prod-1234}), or, should that be
 * taken too, its whole ID: so a plain name always means the one account of that name, and no regenerated file ever
 * points a name a person already uses at another account. The source profile's name ({@code management}) and
 * {@code default} are never given to an account.
 */
public final class ProfileNames {

    private static final Set<String> RESERVED = Set.of(CliProfile.SOURCE_PROFILE, "default");

    private ProfileNames() {
    }

    /** Account ID to profile name, for the enterable entries only, in account-ID order. */
    public static Map<String, String> assign(List<DirectoryEntry> entries) {
        List<DirectoryEntry> enterable = entries.stream().filter(DirectoryEntry::enterable)
                .sorted(Comparator.comparing(DirectoryEntry::accountId)).toList();
        Map<String, String> plain = enterable.stream().collect(Collectors.toMap(DirectoryEntry::accountId,
                entry -> CliProfile.name(entry.name(), entry.accountId()), (a, b) -> a, LinkedHashMap::new));
        Map<String, Long> uses = plain.values().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        // A plain name is kept by the one account that makes it, and is then taken for everyone else.
        Set<String> taken = new HashSet<>(RESERVED);
        var names = new LinkedHashMap<String, String>();
        plain.forEach((accountId, name) -> {
            if (uses.get(name) == 1 && !RESERVED.contains(name)) {
                names.put(accountId, name);
                taken.add(name);
            }
        });
        plain.forEach((accountId, name) -> {
            if (!names.containsKey(accountId)) {
                String chosen = firstFree(taken, name + "-" + accountId.substring(Math.max(0, accountId.length() - 4)),
                        name + "-" + accountId);
                taken.add(chosen);
                names.put(accountId, chosen);
            }
        });
        return enterable.stream().collect(Collectors.toMap(DirectoryEntry::accountId, e -> names.get(e.accountId()),
                (a, b) -> a, LinkedHashMap::new));
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
