package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.HandshakeSeed;
import io.orgaccessguard.emulator.seed.OrgUnitSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.RootSeed;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The organization's structure, indexed for constant-time lookups by ID and by parent. The tree itself is fixed
 * after seeding (no MoveAccount); tags are the only mutable part.
 */
public final class OrganizationState {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROOT_ID = Pattern.compile("r-[0-9a-z]{4,32}");
    private static final Pattern OU_ID = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final Pattern ORG_ID = Pattern.compile("o-[a-z0-9]{10,32}");

    private final String id;
    private final String partition;
    private final String managementAccountId;
    private final String featureSet;
    private final List<OrgAccount> accounts;
    private final Map<String, OrgAccount> accountsById;
    private final List<OrgUnit> roots;
    private final Map<String, OrgUnit> units;
    private final Map<String, List<OrgAccount>> accountsByParent;
    private final Map<String, List<OrgUnit>> unitsByParent;
    private final List<Handshake> handshakes;
    private final Map<String, Handshake> handshakesById;
    private final ConcurrentHashMap<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    public OrganizationState(OrganizationSeed seed) {
        this.id = seed.organizationId();
        this.partition = seed.partition();
        this.managementAccountId = seed.managementAccountId();
        this.featureSet = seed.featureSet();
        require(ORG_ID.matcher(id).matches(), "organization id " + id + " must match o-[a-z0-9]{10,32}");

        var unitMap = new LinkedHashMap<String, OrgUnit>();
        var rootList = new ArrayList<OrgUnit>();
        for (RootSeed r : seed.roots()) {
            require(ROOT_ID.matcher(r.id()).matches(), "root id " + r.id() + " must match r-[0-9a-z]{4,32}");
            var root = new OrgUnit(r.id(), arn("root/" + id + "/" + r.id()), r.name(), null);
            unitMap.put(r.id(), root);
            rootList.add(root);
            putTags(r.id(), r.tags());
        }
        var unitsUnder = new HashMap<String, List<OrgUnit>>();
        for (OrgUnitSeed u : seed.organizationalUnits()) {
            require(OU_ID.matcher(u.id()).matches(), "OU id " + u.id() + " must match ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
            require(unitMap.containsKey(u.parentId()), "OU " + u.id() + " names unknown parent " + u.parentId()
                    + " (list parents before children)");
            var unit = new OrgUnit(u.id(), arn("ou/" + id + "/" + u.id()), u.name(), u.parentId());
            require(unitMap.put(u.id(), unit) == null, "duplicate OU " + u.id());
            unitsUnder.computeIfAbsent(u.parentId(), k -> new ArrayList<>()).add(unit);
            putTags(u.id(), u.tags());
        }
        var accountList = new ArrayList<OrgAccount>(seed.accounts().size());
        var byId = new HashMap<String, OrgAccount>(seed.accounts().size() * 2);
        var accountsUnder = new HashMap<String, List<OrgAccount>>();
        for (AccountSeed a : seed.accounts()) {
            require(ACCOUNT_ID.matcher(a.id()).matches(), "account id " + a.id() + " must be 12 digits");
            String parent = a.parentId() == null ? rootList.getFirst().id() : a.parentId();
            require(unitMap.containsKey(parent), "account " + a.id() + " names unknown parent " + parent);
            var account = new OrgAccount(a.id(), arn("account/" + id + "/" + a.id()), a.name(), a.email(), a.state(),
                    a.effectiveStatus(), a.joinedMethod(), a.joinedTimestamp(), parent);
            require(byId.put(a.id(), account) == null, "duplicate account " + a.id());
            accountList.add(account);
            accountsUnder.computeIfAbsent(parent, k -> new ArrayList<>()).add(account);
            putTags(a.id(), a.tags());
        }
        require(byId.containsKey(managementAccountId), "management account is not an account of the seed");
        var handshakeList = new ArrayList<Handshake>();
        var handshakeMap = new HashMap<String, Handshake>();
        for (HandshakeSeed h : seed.handshakes()) {
            var handshake = new Handshake(h.id(), arn("handshake/" + id + "/" + h.action().toLowerCase() + "/" + h.id()),
                    h.action(), h.state(), h.targetType(), h.targetId(), h.requestedTimestamp(),
                    h.expirationTimestamp());
            handshakeList.add(handshake);
            handshakeMap.put(h.id(), handshake);
        }
        this.accounts = List.copyOf(accountList);
        this.accountsById = Map.copyOf(byId);
        this.roots = List.copyOf(rootList);
        this.units = Collections.unmodifiableMap(unitMap);
        this.accountsByParent = freeze(accountsUnder);
        this.unitsByParent = freeze(unitsUnder);
        this.handshakes = List.copyOf(handshakeList);
        this.handshakesById = Map.copyOf(handshakeMap);
    }

    public String id() {
        return id;
    }

    public String arn() {
        return arn("organization/" + id);
    }

    public String managementAccountId() {
        return managementAccountId;
    }

    public String featureSet() {
        return featureSet;
    }

    public OrgAccount managementAccount() {
        return accountsById.get(managementAccountId);
    }

    public List<OrgAccount> accounts() {
        return accounts;
    }

    public Optional<OrgAccount> account(String accountId) {
        return Optional.ofNullable(accountsById.get(accountId));
    }

    public boolean isMember(String accountId) {
        return accountsById.containsKey(accountId);
    }

    public List<OrgUnit> roots() {
        return roots;
    }

    /** A root or an OU by ID. */
    public Optional<OrgUnit> unit(String unitId) {
        return Optional.ofNullable(units.get(unitId));
    }

    public List<OrgAccount> accountsUnder(String parentId) {
        return accountsByParent.getOrDefault(parentId, List.of());
    }

    public List<OrgUnit> unitsUnder(String parentId) {
        return unitsByParent.getOrDefault(parentId, List.of());
    }

    public List<Handshake> handshakes() {
        return handshakes;
    }

    public Optional<Handshake> handshake(String handshakeId) {
        return Optional.ofNullable(handshakesById.get(handshakeId));
    }

    public Map<String, String> tags(String resourceId) {
        return tags.getOrDefault(resourceId, Map.of());
    }

    /** Replaces a resource's tags atomically with the result of {@code change}. */
    public void updateTags(String resourceId, java.util.function.UnaryOperator<Map<String, String>> change) {
        tags.compute(resourceId, (k, old) -> {
            Map<String, String> next = change.apply(old == null ? Map.of() : old);
            return next.isEmpty() ? null : Collections.unmodifiableMap(new LinkedHashMap<>(next));
        });
    }

    private void putTags(String resourceId, Map<String, String> initial) {
        if (!initial.isEmpty()) {
            tags.put(resourceId, Collections.unmodifiableMap(new LinkedHashMap<>(initial)));
        }
    }

    private String arn(String resource) {
        return "arn:" + partition + ":organizations::" + managementAccountId + ":" + resource;
    }

    private static <T> Map<String, List<T>> freeze(Map<String, List<T>> map) {
        var out = new HashMap<String, List<T>>();
        map.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid organization seed: " + message);
        }
    }
}
