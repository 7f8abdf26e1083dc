package io.orgaccessguard.emulator.state;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The IAM data of one account. Role names are unique case-insensitively (IAM's rule), so roles are keyed by the
 * lower-cased name; the sorted map also gives stable ListRoles pagination.
 */
public final class IamAccount {

    private final String accountId;
    private final ConcurrentSkipListMap<String, Role> roles = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, ManagedPolicy> customerPolicies = new ConcurrentHashMap<>();

    public IamAccount(String accountId) {
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }

    public static String key(String roleName) {
        return roleName.toLowerCase(Locale.ROOT);
    }

    public Optional<Role> role(String roleName) {
        return Optional.ofNullable(roles.get(key(roleName)));
    }

    /** The live map: mutate only through {@code compute}-style atomic operations. */
    public ConcurrentNavigableMap<String, Role> roles() {
        return roles;
    }

    public ConcurrentHashMap<String, ManagedPolicy> customerPolicies() {
        return customerPolicies;
    }
}
