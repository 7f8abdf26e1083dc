package io.orgaccessguard.emulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.IamAccount;
import io.orgaccessguard.emulator.state.OrgAccount;
import io.orgaccessguard.emulator.state.Role;
import io.orgaccessguard.emulator.state.Topic;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Read-only JSON views for out-of-process users (unsigned; only under {@code /_emulator/}):
 * {@code GET /_emulator/state} (optionally {@code ?account=<id>}), {@code GET /_emulator/calls},
 * {@code GET /_emulator/calls/summary}, {@code GET /_emulator/sns/messages},
 * {@code GET /_emulator/dynamodb/items?account=<id>&table=<name>}, {@code GET /_emulator/s3/object?bucket=<b>&key=<k>}
 * and {@code GET /_emulator/health}.
 */
public final class AdminApi {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final EmulatorState state;

    public AdminApi(EmulatorState state) {
        this.state = state;
    }

    void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, MAPPER.createObjectNode().put("error", "only GET is supported").toString());
            return;
        }
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = new RestRequest("GET", path, exchange.getRequestURI().getRawQuery(), Map.of(),
                new byte[0], Map.of()).query();
        String account = query.get("account");
        String body = switch (path) {
            case "/_emulator/state" -> state(account).toString();
            case "/_emulator/dynamodb/items" -> dynamoItems(account, query.get("table"));
            case "/_emulator/s3/object" -> s3Object(query.get("bucket"), query.get("key"));
            case "/_emulator/calls" -> calls().toString();
            case "/_emulator/calls/summary" -> callSummary().toString();
            case "/_emulator/sns/messages" -> messages().toString();
            case "/_emulator/health" -> MAPPER.createObjectNode().put("status", "ok").toString();
            default -> null;
        };
        if (body == null) {
            send(exchange, 404, MAPPER.createObjectNode().put("error", "nothing at " + path
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery())).toString());
        } else {
            send(exchange, 200, body);
        }
    }

    /** A table's items in DynamoDB's wire JSON, in key order; null (404) for an unknown table. */
    private String dynamoItems(String account, String table) {
        ArrayNode out = MAPPER.createArrayNode();
        var found = state.tables().stream().filter(t -> t.accountId().equals(account) && t.name().equals(table))
                .findFirst();
        if (found.isEmpty()) {
            return null;
        }
        found.get().items().forEach(out::add);
        return out.toString();
    }

    /** The current version of an object: its attributes and its body in base64; null (404) when absent. */
    private String s3Object(String bucket, String key) {
        return state.bucket(bucket).flatMap(b -> b.latest(key)).map(o -> {
            ObjectNode n = MAPPER.createObjectNode().put("bucket", o.bucket()).put("key", o.key())
                    .put("versionId", o.versionId()).put("contentType", o.contentType()).put("etag", o.etag())
                    .put("serverSideEncryption", o.serverSideEncryption()).put("kmsKeyId", o.kmsKeyId())
                    .put("lastModified", o.lastModified().toString())
                    .put("bodyBase64", java.util.Base64.getEncoder().encodeToString(o.body()));
            putMap(n.putObject("metadata"), o.metadata());
            return n.toString();
        }).orElse(null);
    }

    public ObjectNode state(String onlyAccount) {
        ObjectNode root = MAPPER.createObjectNode();
        var org = state.organization();
        root.put("partition", state.partition());
        root.putObject("organization").put("id", org.id()).put("arn", org.arn())
                .put("managementAccountId", org.managementAccountId()).put("featureSet", org.featureSet());
        ArrayNode accounts = root.putArray("accounts");
        for (OrgAccount a : org.accounts()) {
            if (onlyAccount != null && !onlyAccount.equals(a.id())) {
                continue;
            }
            ObjectNode n = accounts.addObject().put("id", a.id()).put("name", a.name()).put("email", a.email())
                    .put("state", a.state()).put("status", a.status()).put("joinedMethod", a.joinedMethod())
                    .put("parentId", a.parentId());
            putMap(n.putObject("tags"), org.tags(a.id()));
            ArrayNode scps = n.putArray("serviceControlPolicies");
            state.serviceControlPolicies().attachedTo(a.id()).forEach(p -> scps.add(p.id()));
        }
        if (onlyAccount == null) {
            ArrayNode scps = root.putArray("serviceControlPolicies");
            for (var p : state.serviceControlPolicies().all()) {
                ObjectNode n = scps.addObject().put("id", p.id()).put("arn", p.arn()).put("name", p.name())
                        .put("awsManaged", p.awsManaged());
                n.set("content", parse(p.content().json()));
                ArrayNode targets = n.putArray("targetIds");
                state.serviceControlPolicies().targetsOf(p.id()).forEach(targets::add);
            }
        }
        ObjectNode iam = root.putObject("iam");
        for (String accountId : state.accountIds()) {
            if (onlyAccount != null && !onlyAccount.equals(accountId)) {
                continue;
            }
            IamAccount acct = state.iam(accountId);
            if (acct.roles().isEmpty()) {
                continue;
            }
            ArrayNode roles = iam.putObject(accountId).putArray("roles");
            for (Role r : acct.roles().values()) {
                ObjectNode n = roles.addObject().put("name", r.name()).put("path", r.path()).put("arn", r.arn())
                        .put("roleId", r.roleId()).put("description", r.description())
                        .put("maxSessionDuration", r.maxSessionDuration()).put("createDate", r.createdAt().toString())
                        .put("trustUpdatedAt", r.trustUpdatedAt().toString());
                n.set("trustPolicy", parse(r.renderedTrust(state::currentRoleId)));
                ArrayNode attached = n.putArray("attachedPolicyArns");
                r.attachedPolicyArns().forEach(attached::add);
                ObjectNode inline = n.putObject("inlinePolicies");
                r.inlinePolicies().forEach((name, doc) -> inline.set(name, parse(doc.json())));
                putMap(n.putObject("tags"), r.tags());
                n.put("permissionsBoundaryArn", r.permissionsBoundaryArn());
            }
        }
        ArrayNode tables = root.putArray("dynamodbTables");
        for (var t : state.tables()) {
            if (onlyAccount == null || onlyAccount.equals(t.accountId())) {
                tables.addObject().put("arn", t.arn()).put("accountId", t.accountId()).put("region", t.region())
                        .put("billingMode", t.billingMode().name()).put("itemCount", t.itemCount());
            }
        }
        ArrayNode buckets = root.putArray("s3Buckets");
        for (var b : state.buckets()) {
            if (onlyAccount == null || onlyAccount.equals(b.ownerAccountId())) {
                buckets.addObject().put("name", b.name()).put("ownerAccountId", b.ownerAccountId())
                        .put("region", b.region()).put("versioned", b.versioned())
                        .put("blockPublicAccess", b.blockPublicAccess()).put("keys", b.objects().size());
            }
        }
        ArrayNode topics = root.putArray("topics");
        for (Topic t : state.allTopics()) {
            if (onlyAccount == null || onlyAccount.equals(t.accountId())) {
                topics.addObject().put("arn", t.arn()).put("accountId", t.accountId()).put("region", t.region());
            }
        }
        return root;
    }

    public ArrayNode calls() {
        ArrayNode out = MAPPER.createArrayNode();
        for (CallRecord c : state.calls()) {
            ObjectNode n = out.addObject().put("service", c.service()).put("action", c.action())
                    .put("callerArn", c.callerArn()).put("callerAccount", c.callerAccount())
                    .put("targetAccount", c.targetAccount()).put("httpStatus", c.httpStatus())
                    .put("errorCode", c.errorCode()).put("requestId", c.requestId()).put("time", c.time().toString());
            putMap(n.putObject("parameters"), c.parameters());
        }
        return out;
    }

    /**
     * Requests per operation without rendering the log: {@code {"total": n, "operations": {"iam:GetRole":
     * {"calls": n, "errors": {"NoSuchEntity": k}, "attempts": {"1": n, "2": j}}}}} (attempts: by the SDK's
     * {@code amz-sdk-request} attempt number). Cheap at any size, and kept when the call log is off.
     */
    public ObjectNode callSummary() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode operations = MAPPER.createObjectNode();
        long total = 0;
        for (var entry : state.callCounts().entrySet()) {
            ObjectNode n = operations.putObject(entry.getKey());
            long calls = entry.getValue().getOrDefault(EmulatorState.CALLS, 0L);
            total += calls;
            n.put("calls", calls);
            ObjectNode errors = n.putObject("errors");
            ObjectNode attempts = n.putObject("attempts");
            entry.getValue().forEach((key, count) -> {
                if (key.startsWith(EmulatorState.ATTEMPT)) {
                    attempts.put(key.substring(EmulatorState.ATTEMPT.length()), count);
                } else if (!EmulatorState.CALLS.equals(key)) {
                    errors.put(key, count);
                }
            });
        }
        root.put("total", total);
        root.set("operations", operations);
        return root;
    }

    public ArrayNode messages() {
        ArrayNode out = MAPPER.createArrayNode();
        for (PublishedMessage m : state.messages()) {
            ObjectNode n = out.addObject().put("topicArn", m.topicArn()).put("subject", m.subject())
                    .put("message", m.message()).put("messageStructure", m.messageStructure())
                    .put("messageId", m.messageId()).put("callerArn", m.callerArn()).put("time", m.time().toString());
            putMap(n.putObject("attributes"), m.attributes());
        }
        return out;
    }

    private static void putMap(ObjectNode node, Map<String, String> map) {
        map.forEach(node::put);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
