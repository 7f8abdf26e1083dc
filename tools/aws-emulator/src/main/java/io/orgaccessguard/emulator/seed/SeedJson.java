package io.orgaccessguard.emulator.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads the seed JSON format (see the module README). Policy documents may be JSON objects or strings. */
final class SeedJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeedJson() {
    }

    static OrganizationSeed parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The organization seed is not valid JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode org = required(root, "organization");
        String managementId = text(required(org, "managementAccountId"));
        var roots = new ArrayList<RootSeed>();
        for (JsonNode r : root.path("roots")) {
            roots.add(new RootSeed(text(required(r, "id")), r.path("name").asText(RootSeed.NAME), strings(r.path("tags"))));
        }
        if (roots.isEmpty()) {
            roots.add(RootSeed.DEFAULT);
        }
        var units = new ArrayList<OrgUnitSeed>();
        for (JsonNode u : root.path("organizationalUnits")) {
            units.add(new OrgUnitSeed(text(required(u, "id")), text(required(u, "name")),
                    u.path("parentId").asText(roots.getFirst().id()), strings(u.path("tags"))));
        }
        var accounts = new ArrayList<AccountSeed>();
        for (JsonNode a : root.path("accounts")) {
            accounts.add(account(a));
        }
        if (accounts.stream().noneMatch(a -> a.id().equals(managementId))) {
            throw new IllegalArgumentException("The management account " + managementId + " is not among the accounts");
        }
        var external = new ArrayList<AccountSeed>();
        for (JsonNode a : root.path("externalAccounts")) {
            external.add(account(a));
        }
        var handshakes = new ArrayList<HandshakeSeed>();
        for (JsonNode h : root.path("handshakes")) {
            handshakes.add(new HandshakeSeed(text(required(h, "id")), h.path("action").asText("INVITE"),
                    h.path("state").asText("OPEN"), h.path("targetType").asText("ACCOUNT"),
                    text(required(h, "targetId")),
                    instant(h.path("requestedTimestamp"), Instant.parse("2025-01-01T00:00:00Z")),
                    instant(h.path("expirationTimestamp"), Instant.parse("2025-01-16T00:00:00Z"))));
        }
        var scps = new ArrayList<ServiceControlPolicySeed>();
        for (JsonNode p : root.path("serviceControlPolicies")) {
            var targets = new ArrayList<String>();
            p.path("targetIds").forEach(t -> targets.add(t.asText()));
            scps.add(new ServiceControlPolicySeed(text(required(p, "id")), text(required(p, "name")),
                    p.hasNonNull("description") ? p.get("description").asText() : null,
                    document(required(p, "content")), targets));
        }
        return new OrganizationSeed(root.path("partition").asText("aws"), root.path("region").asText("us-east-1"),
                text(required(org, "id")), managementId, org.path("featureSet").asText("ALL"), roots, units,
                accounts, external, handshakes, scps);
    }

    /** An account through {@link AccountSeed.Builder}: what the JSON leaves out takes the builders' defaults. */
    private static AccountSeed account(JsonNode a) {
        String id = text(required(a, "id"));
        var account = AccountSeed.builder(id);
        ifPresent(a, "name", n -> account.name(n.asText()));
        ifPresent(a, "email", n -> account.email(n.asText()));
        ifPresent(a, "state", n -> account.state(n.asText()));
        ifPresent(a, "status", n -> account.status(n.asText()));
        ifPresent(a, "joinedMethod", n -> account.joinedMethod(n.asText()));
        ifPresent(a, "joinedTimestamp", n -> account.joinedTimestamp(instant(n)));
        ifPresent(a, "parentId", n -> account.parentId(n.asText()));
        strings(a.path("tags")).forEach(account::tag);
        for (JsonNode r : a.path("roles")) {
            account.role(role(id, r));
        }
        for (JsonNode p : a.path("policies")) {
            account.policy(new PolicySeed(text(required(p, "name")), p.path("path").asText("/"),
                    document(required(p, "document")),
                    p.hasNonNull("description") ? p.get("description").asText() : null));
        }
        for (JsonNode t : a.path("topics")) {
            account.topic(new TopicSeed(text(required(t, "name")),
                    t.hasNonNull("region") ? t.get("region").asText() : null,
                    t.hasNonNull("policy") ? document(t.get("policy")) : null));
        }
        for (JsonNode t : a.path("tables")) {
            account.table(table(t));
        }
        for (JsonNode b : a.path("buckets")) {
            account.bucket(bucket(b));
        }
        return account.build();
    }

    private static RoleSeed role(String accountId, JsonNode r) {
        String name = text(required(r, "name"));
        var role = RoleSeed.builder(name);
        try {
            ifPresent(r, "path", n -> role.path(n.asText()));
            ifPresent(r, "trustPolicy", n -> role.trustPolicy(document(n)));
            r.path("managedPolicyArns").forEach(n -> role.managedPolicy(n.asText()));
            r.path("inlinePolicies").properties().forEach(e -> role.inlinePolicy(e.getKey(), document(e.getValue())));
            ifPresent(r, "description", n -> role.description(n.asText()));
            ifPresent(r, "maxSessionDuration", n -> role.maxSessionDuration(n.asInt()));
            strings(r.path("tags")).forEach(role::tag);
            ifPresent(r, "createdSecondsAgo", n -> role.createdSecondsAgo(n.asLong()));
            ifPresent(r, "permissionsBoundary", n -> role.permissionsBoundary(n.asText()));
            if (createdBy(r.path("createdBy")) == RoleSeed.CreatedBy.ORGANIZATIONS) {
                role.createdByOrganizations();
            }
            return role.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid organization seed: role " + name + " of " + accountId + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code "sortKey": null} is a table without one; a key object may leave out its name or type. */
    private static TableSeed table(JsonNode t) {
        var table = TableSeed.builder(text(required(t, "name")));
        ifPresent(t, "region", n -> table.region(n.asText()));
        ifPresent(t, "partitionKey", pk -> table.partitionKey(pk.path("name").asText(TableSeed.PARTITION_KEY),
                pk.path("type").asText(TableSeed.KEY_TYPE)));
        if (t.has("sortKey") && t.get("sortKey").isNull()) {
            table.noSortKey();
        }
        ifPresent(t, "sortKey", sk -> table.sortKey(sk.path("name").asText(TableSeed.SORT_KEY),
                sk.path("type").asText(TableSeed.KEY_TYPE)));
        ifPresent(t, "billingMode", n -> table.billingMode(n.asText()));
        return table.build();
    }

    private static BucketSeed bucket(JsonNode b) {
        var bucket = BucketSeed.builder(text(required(b, "name")));
        ifPresent(b, "region", n -> bucket.region(n.asText()));
        ifPresent(b, "versioned", n -> bucket.versioned(n.asBoolean()));
        ifPresent(b, "blockPublicAccess", n -> bucket.blockPublicAccess(n.asBoolean(true)));
        if (b.hasNonNull("defaultEncryption") || b.hasNonNull("kmsKeyId")) {
            bucket.encryption(b.path("defaultEncryption").asText(BucketSeed.SSE_S3),
                    b.hasNonNull("kmsKeyId") ? b.get("kmsKeyId").asText() : null);
        }
        ifPresent(b, "bucketKeyEnabled", n -> bucket.bucketKeyEnabled(n.asBoolean()));
        ifPresent(b, "policy", n -> bucket.policy(document(n)));
        return bucket.build();
    }

    /** {@code "createdBy": "organizations"} marks a role Organizations made; absent (or "seed") is the default. */
    private static RoleSeed.CreatedBy createdBy(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return RoleSeed.CreatedBy.SEED;
        }
        for (RoleSeed.CreatedBy value : RoleSeed.CreatedBy.values()) {
            if (value.name().equalsIgnoreCase(node.asText())) {
                return value;
            }
        }
        throw new IllegalArgumentException("createdBy is \"" + node.asText() + "\"; it can be \"organizations\" or "
                + "\"seed\"");
    }

    private static String document(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Gives the builder a field the JSON sets (not null); one it leaves out keeps the builder's default. */
    private static void ifPresent(JsonNode node, String field, Consumer<JsonNode> set) {
        if (node.hasNonNull(field)) {
            set.accept(node.get(field));
        }
    }

    private static Instant instant(JsonNode node, Instant fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        return instant(node);
    }

    private static Instant instant(JsonNode node) {
        return node.isNumber() ? Instant.ofEpochMilli((long) (node.asDouble() * 1000)) : Instant.parse(node.asText());
    }

    private static Map<String, String> strings(JsonNode node) {
        var out = new LinkedHashMap<String, String>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("The organization seed lacks '" + field + "' in " + node);
        }
        return value;
    }

    private static String text(JsonNode node) {
        return node.asText();
    }

}
