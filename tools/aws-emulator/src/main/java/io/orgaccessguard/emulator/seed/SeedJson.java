package io.orgaccessguard.emulator.seed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            roots.add(new RootSeed(text(required(r, "id")), r.path("name").asText("Root"), strings(r.path("tags"))));
        }
        if (roots.isEmpty()) {
            roots.add(new RootSeed("r-exam", "Root", Map.of()));
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

    private static AccountSeed account(JsonNode a) {
        String id = text(required(a, "id"));
        var roles = new ArrayList<RoleSeed>();
        for (JsonNode r : a.path("roles")) {
            var inline = new LinkedHashMap<String, String>();
            r.path("inlinePolicies").properties().forEach(e -> inline.put(e.getKey(), document(e.getValue())));
            var arns = new ArrayList<String>();
            r.path("managedPolicyArns").forEach(n -> arns.add(n.asText()));
            String name = text(required(r, "name"));
            try {
                roles.add(new RoleSeed(name, r.path("path").asText("/"),
                        r.hasNonNull("trustPolicy") ? document(r.get("trustPolicy")) : null, arns, inline,
                        r.hasNonNull("description") ? r.get("description").asText() : null,
                        r.path("maxSessionDuration").asInt(3600), strings(r.path("tags")),
                        r.path("createdSecondsAgo").asLong(86_400), createdBy(r.path("createdBy")),
                        r.hasNonNull("permissionsBoundary") ? r.get("permissionsBoundary").asText() : null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid organization seed: role " + name + " of " + id + ": "
                        + e.getMessage(), e);
            }
        }
        var policies = new ArrayList<PolicySeed>();
        for (JsonNode p : a.path("policies")) {
            policies.add(new PolicySeed(text(required(p, "name")), p.path("path").asText("/"),
                    document(required(p, "document")),
                    p.hasNonNull("description") ? p.get("description").asText() : null));
        }
        var topics = new ArrayList<TopicSeed>();
        for (JsonNode t : a.path("topics")) {
            topics.add(new TopicSeed(text(required(t, "name")),
                    t.hasNonNull("region") ? t.get("region").asText() : null,
                    t.hasNonNull("policy") ? document(t.get("policy")) : null));
        }
        var tables = new ArrayList<TableSeed>();
        for (JsonNode t : a.path("tables")) {
            JsonNode pk = t.path("partitionKey");
            JsonNode sk = t.has("sortKey") ? t.get("sortKey") : null;
            boolean noSortKey = sk != null && sk.isNull();
            tables.add(new TableSeed(text(required(t, "name")),
                    t.hasNonNull("region") ? t.get("region").asText() : null, pk.path("name").asText("pk"),
                    pk.path("type").asText("S"), noSortKey ? null : (sk == null ? "sk" : sk.path("name").asText("sk")),
                    noSortKey ? null : (sk == null ? "S" : sk.path("type").asText("S")),
                    t.path("billingMode").asText("PAY_PER_REQUEST")));
        }
        var buckets = new ArrayList<BucketSeed>();
        for (JsonNode b : a.path("buckets")) {
            buckets.add(new BucketSeed(text(required(b, "name")),
                    b.hasNonNull("region") ? b.get("region").asText() : null, b.path("versioned").asBoolean(false),
                    b.path("blockPublicAccess").asBoolean(true), b.path("defaultEncryption").asText("AES256"),
                    b.hasNonNull("kmsKeyId") ? b.get("kmsKeyId").asText() : null,
                    b.path("bucketKeyEnabled").asBoolean(false),
                    b.hasNonNull("policy") ? document(b.get("policy")) : null));
        }
        return new AccountSeed(id, a.path("name").asText("Account " + id),
                a.path("email").asText("aws+" + id + "@example.com"), a.path("state").asText("ACTIVE"),
                a.hasNonNull("status") ? a.get("status").asText() : null, a.path("joinedMethod").asText("INVITED"),
                instant(a.path("joinedTimestamp"), Instant.parse("2024-01-15T10:00:00Z")),
                a.hasNonNull("parentId") ? a.get("parentId").asText() : null, strings(a.path("tags")), roles,
                policies, topics, tables, buckets);
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

    private static Instant instant(JsonNode node, Instant fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
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
