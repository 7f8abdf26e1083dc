package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orgaccessguard.emulator.auth.Authorizer;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.AwsRequest;
import io.orgaccessguard.emulator.http.Protocol;
import io.orgaccessguard.emulator.http.ServiceHandler;
import io.orgaccessguard.emulator.http.ServiceResponse;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB (JSON 1.0, {@code X-Amz-Target: DynamoDB_20120810.<Op>}): GetItem, PutItem, DeleteItem, BatchGetItem,
 * BatchWriteItem and Query on seeded tables, with DynamoDB's validation, limits, conditional writes, pagination,
 * identity-policy authorization on the table ARN, and its throttling and unprocessed-key behaviour. Every rule cites
 * the API reference page that states it (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_<Op>.html
 * unless noted).
 */
public final class DynamoDbHandler extends ServiceHandler {

    /** API_CreateTable / HowItWorks.NamingRulesDataTypes: 3 to 255 characters of a-z, A-Z, 0-9, '_', '-', '.'. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final Pattern TABLE_ARN =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):dynamodb:([a-z0-9-]+):(\\d{12}):table/([a-zA-Z0-9_.-]{3,255})");
    /** ServiceQuotas.html: "The maximum item size in DynamoDB is 400 KB, which includes both attribute name ... and value". */
    static final long MAX_ITEM_SIZE = 400 * 1024;
    /** API_BatchWriteItem: "For a partition key, the limit is 2048 bytes and for a sort key, the limit is 1024 bytes." */
    private static final int MAX_PARTITION_KEY_BYTES = 2048;
    private static final int MAX_SORT_KEY_BYTES = 1024;
    /** API_Query: "A single Query operation will read up to ... a maximum of 1 MB of data". */
    static final long QUERY_PAGE_BYTES = 1024 * 1024;
    /** API_BatchGetItem: "A single operation can retrieve up to 16 MB of data, which can contain as many as 100 items." */
    private static final long BATCH_GET_BYTES = 16L * 1024 * 1024;
    private static final int BATCH_GET_KEYS = 100;
    /** API_BatchWriteItem: "up to 25 item put or delete operations". */
    private static final int BATCH_WRITE_REQUESTS = 25;
    private static final String CONDITIONAL_CHECK_FAILED = "The conditional request failed";
    private static final String NO_SUCH_TABLE = "Requested resource not found";
    private static final String KEY_MISMATCH = "The provided key element does not match the schema";

    private final Faults faults;

    public DynamoDbHandler(EmulatorState state, Authorizer authorizer, Faults faults) {
        super(Wire.json("dynamodb", Protocol.JSON_1_0, "DynamoDB_20120810."), state, authorizer);
        this.faults = faults;
    }

    /**
     * DynamoDB's error body: {@code {"__type": "<namespace>#<Code>", "message": "..."}}
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html). Its own exceptions
     * carry the {@code com.amazonaws.dynamodb.v20120810} namespace; validation, authentication and authorization
     * errors come from the service framework's namespaces.
     */
    @Override
    public ObjectNode jsonError(AwsException e) {
        String namespace = switch (e.code()) {
            case "ValidationException" -> "com.amazon.coral.validate";
            case "AccessDeniedException", "UnrecognizedClientException", "InvalidSignatureException",
                 "MissingAuthenticationTokenException", "IncompleteSignatureException", "ExpiredTokenException",
                 "SerializationException", "UnknownOperationException", "MissingActionException" ->
                    "com.amazon.coral.service";
            case "ServiceUnavailable" -> "com.amazon.coral.availability";
            default -> "com.amazonaws.dynamodb.v20120810";
        };
        ObjectNode body = AttributeValues.NODES.objectNode();
        body.put("__type", namespace + "#" + e.code());
        if (e.getMessage() != null) {
            body.put("message", e.getMessage());
        }
        e.extraFields().forEach(body::put);
        e.jsonFields().forEach(body::set);
        return body;
    }

    /** Throttling by the emulator's token buckets answers what the (first) table's capacity mode answers. */
    @Override
    public AwsException throttled(AwsRequest request) {
        JsonNode in = request.json();
        String name = in.path("TableName").asText(null);
        if (name == null && in.path("RequestItems").isObject() && !in.path("RequestItems").isEmpty()) {
            name = in.path("RequestItems").fieldNames().next();
        }
        Optional<DynamoTable> table = name == null ? Optional.empty() : findTable(request, name);
        return table.map(t -> throughputExceeded(t, isWrite(request.action())))
                .orElseGet(() -> Faults.throttled(signingName()));
    }

    private static boolean isWrite(String action) {
        return switch (action) {
            case "PutItem", "DeleteItem", "UpdateItem", "BatchWriteItem", "TransactWriteItems" -> true;
            default -> false;
        };
    }

    /**
     * API_BatchWriteItem: "For tables and indexes with provisioned capacity, if none of the items can be processed due
     * to insufficient provisioned throughput ... BatchWriteItem returns a ProvisionedThroughputExceededException. For
     * all tables and indexes, if none of the items can be processed due to other throttling scenarios (such as
     * exceeding partition level limits), then BatchWriteItem returns a ThrottlingException." An on-demand table has no
     * provisioned throughput, so it throttles with ThrottlingException; both carry the reason and the table ARN
     * (API_ThrottlingReason: ResourceType + OperationType + LimitType).
     */
    static AwsException throughputExceeded(DynamoTable table, boolean write) {
        boolean provisioned = table.billingMode() == DynamoTable.BillingMode.PROVISIONED;
        String reason = "Table" + (write ? "Write" : "Read")
                + (provisioned ? "ProvisionedThroughputExceeded" : "KeyRangeThroughputExceeded");
        ArrayNode reasons = AttributeValues.NODES.arrayNode();
        reasons.addObject().put("reason", reason).put("resource", table.arn());
        if (provisioned) {
            return new AwsException("ProvisionedThroughputExceededException", 400, "The level of configured "
                    + "provisioned throughput for the table was exceeded. Consider increasing your provisioning level "
                    + "with the UpdateTable API.").withJson("ThrottlingReasons", reasons);
        }
        return new AwsException("ThrottlingException", 400, "Throughput exceeds the current capacity of your table or "
                + "index. DynamoDB is automatically scaling your table or index so please try again shortly. If "
                + "exceptions persist, check if you have a hot key: "
                + "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html")
                .withJson("throttlingReasons", reasons);
    }

    @Override
    public ServiceResponse handle(AwsRequest request) {
        ObjectNode out = switch (request.action()) {
            case "GetItem" -> getItem(request);
            case "PutItem" -> putItem(request);
            case "DeleteItem" -> deleteItem(request);
            case "BatchGetItem" -> batchGetItem(request);
            case "BatchWriteItem" -> batchWriteItem(request);
            case "Query" -> query(request);
            default -> throw new AwsException("UnknownOperationException", 400,
                    "The emulator does not implement DynamoDB operation " + request.action());
        };
        return ServiceResponse.json(out);
    }

    // ---------------------------------------------------------------- single-item operations

    private ObjectNode getItem(AwsRequest request) {
        JsonNode in = request.json();
        rejectLegacy(in, "AttributesToGet");
        DynamoTable table = table(request, in.path("TableName"), "GetItem");
        ExpressionAttributes attributes = ExpressionAttributes.of(in, List.of("ProjectionExpression"));
        List<Expr.Path> projection = projection(in, attributes);
        attributes.requireAllUsed();
        ItemKey key = key(table, in.get("Key"));
        boolean consistent = in.path("ConsistentRead").asBoolean(false);
        ObjectNode out = AttributeValues.NODES.objectNode();
        Optional<ObjectNode> item = table.get(key.partition(), key.sort());
        item.ifPresent(i -> out.set("Item", projection == null ? i : ItemExpressions.project(i, projection)));
        consumed(in, out, table, readUnits(item.map(AttributeValues::itemSize).orElse(0L), consistent), false);
        return out;
    }

    private ObjectNode putItem(AwsRequest request) {
        JsonNode in = request.json();
        rejectLegacy(in, "Expected", "ConditionalOperator");
        DynamoTable table = table(request, in.path("TableName"), "PutItem");
        if (in.get("Item") == null || in.get("Item").isNull()) {
            throw AttributeValues.validation("1 validation error detected: Value null at 'item' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        boolean returnOld = returnValues(in);
        ExpressionAttributes attributes = ExpressionAttributes.of(in, List.of("ConditionExpression"));
        Expr.Condition condition = condition(in, "ConditionExpression", attributes);
        attributes.requireAllUsed();
        ObjectNode item = checkedItem(table, in.get("Item"));
        ItemKey key = itemKey(table, item);
        ObjectNode old;
        synchronized (table.writeLock()) {
            old = table.get(key.partition(), key.sort()).orElse(null);
            requireCondition(in, condition, old);
            table.put(key.partition(), key.sort(), item);
        }
        ObjectNode out = AttributeValues.NODES.objectNode();
        if (returnOld && old != null) {
            out.set("Attributes", old);
        }
        long size = Math.max(AttributeValues.itemSize(item), old == null ? 0 : AttributeValues.itemSize(old));
        consumed(in, out, table, writeUnits(size), true);
        return out;
    }

    private ObjectNode deleteItem(AwsRequest request) {
        JsonNode in = request.json();
        rejectLegacy(in, "Expected", "ConditionalOperator");
        DynamoTable table = table(request, in.path("TableName"), "DeleteItem");
        boolean returnOld = returnValues(in);
        ExpressionAttributes attributes = ExpressionAttributes.of(in, List.of("ConditionExpression"));
        Expr.Condition condition = condition(in, "ConditionExpression", attributes);
        attributes.requireAllUsed();
        ItemKey key = key(table, in.get("Key"));
        ObjectNode old;
        synchronized (table.writeLock()) {
            old = table.get(key.partition(), key.sort()).orElse(null);
            requireCondition(in, condition, old);
            if (old != null) {
                table.delete(key.partition(), key.sort());
            }
        }
        ObjectNode out = AttributeValues.NODES.objectNode();
        if (returnOld && old != null) {
            out.set("Attributes", old);
        }
        consumed(in, out, table, writeUnits(old == null ? 0 : AttributeValues.itemSize(old)), true);
        return out;
    }

    /**
     * A false condition fails the write with ConditionalCheckFailedException; with
     * {@code ReturnValuesOnConditionCheckFailure: ALL_OLD} the error carries the item as it was.
     */
    private static void requireCondition(JsonNode in, Expr.Condition condition, ObjectNode old) {
        if (condition == null || ItemExpressions.evaluate(condition, old)) {
            return;
        }
        var failed = new AwsException("ConditionalCheckFailedException", 400, CONDITIONAL_CHECK_FAILED);
        String onFailure = in.path("ReturnValuesOnConditionCheckFailure").asText("NONE");
        if (!"NONE".equals(onFailure) && !"ALL_OLD".equals(onFailure)) {
            throw enumError(onFailure, "returnValuesOnConditionCheckFailure", "[ALL_OLD, NONE]");
        }
        if ("ALL_OLD".equals(onFailure) && old != null) {
            failed.withJson("Item", old);
        }
        throw failed;
    }

    /** PutItem and DeleteItem: "ReturnValues ... NONE | ALL_OLD"; the other enum members are UpdateItem's. */
    private static boolean returnValues(JsonNode in) {
        String value = in.path("ReturnValues").asText("NONE");
        return switch (value) {
            case "NONE" -> false;
            case "ALL_OLD" -> true;
            case "ALL_NEW", "UPDATED_OLD", "UPDATED_NEW" ->
                    throw AttributeValues.validation("ReturnValues can only be ALL_OLD or NONE");
            default -> throw enumError(value, "returnValues", "[ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        };
    }

    // ---------------------------------------------------------------- batches

    /** One key of a BatchGetItem, or one put/delete of a BatchWriteItem, in request order. */
    private record BatchUnit(DynamoTable table, ItemKey key, JsonNode request, ObjectNode item) {
    }

    private ObjectNode batchGetItem(AwsRequest request) {
        JsonNode requestItems = requestItems(request.json());
        int total = 0;
        for (JsonNode keysAndAttributes : requestItems) {
            total += keysAndAttributes.path("Keys").size();
        }
        if (total > BATCH_GET_KEYS) {
            throw AttributeValues.validation("Too many items requested for the BatchGetItem call");
        }
        var units = new ArrayList<BatchUnit>();
        var projections = new LinkedHashMap<DynamoTable, List<Expr.Path>>();
        var perTable = new LinkedHashMap<DynamoTable, JsonNode>();
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            JsonNode spec = entry.getValue();
            rejectLegacy(spec, "AttributesToGet");
            DynamoTable table = table(request, entry.getKey(), "BatchGetItem");
            JsonNode keys = spec.get("Keys");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
                throw AttributeValues.validation("1 validation error detected: Value '[]' at 'requestItems."
                        + entry.getKey() + ".member.keys' failed to satisfy constraint: Member must have length "
                        + "greater than or equal to 1");
            }
            ExpressionAttributes attributes = ExpressionAttributes.of(spec, List.of("ProjectionExpression"));
            projections.put(table, projection(spec, attributes));
            attributes.requireAllUsed();
            perTable.put(table, spec);
            var seen = new HashSet<ItemKey>();
            for (JsonNode k : keys) {
                ItemKey key = key(table, k);
                if (!seen.add(key)) {
                    throw AttributeValues.validation("Provided list of item keys contains duplicates");
                }
                units.add(new BatchUnit(table, key, k, null));
            }
        }
        boolean[] unprocessed = unprocessed("BatchGetItem", units, false);
        ObjectNode out = AttributeValues.NODES.objectNode();
        ObjectNode responses = out.putObject("Responses");
        ObjectNode unprocessedKeys = out.putObject("UnprocessedKeys");
        var capacity = new LinkedHashMap<DynamoTable, Double>();
        long bytes = 0;
        for (int i = 0; i < units.size(); i++) {
            BatchUnit unit = units.get(i);
            JsonNode spec = perTable.get(unit.table());
            Optional<ObjectNode> item = unprocessed[i] ? Optional.empty()
                    : unit.table().get(unit.key().partition(), unit.key().sort());
            long size = item.map(AttributeValues::itemSize).orElse(0L);
            if (!unprocessed[i] && bytes + size > BATCH_GET_BYTES) {
                unprocessed[i] = true;
            }
            if (unprocessed[i]) {
                ObjectNode keysAndAttributes = (ObjectNode) unprocessedKeys.get(unit.table().name());
                if (keysAndAttributes == null) {
                    keysAndAttributes = unprocessedKeys.putObject(unit.table().name());
                    keysAndAttributes.putArray("Keys");
                    for (String member : List.of("ProjectionExpression", "ExpressionAttributeNames", "ConsistentRead")) {
                        if (spec.has(member)) {
                            keysAndAttributes.set(member, spec.get(member));
                        }
                    }
                }
                ((ArrayNode) keysAndAttributes.get("Keys")).add(unit.request());
                continue;
            }
            bytes += size;
            ArrayNode tableItems = responses.has(unit.table().name()) ? (ArrayNode) responses.get(unit.table().name())
                    : responses.putArray(unit.table().name());
            List<Expr.Path> projection = projections.get(unit.table());
            item.ifPresent(found -> tableItems.add(projection == null ? found
                    : ItemExpressions.project(found, projection)));
            capacity.merge(unit.table(), readUnits(size, spec.path("ConsistentRead").asBoolean(false)), Double::sum);
        }
        consumedBatch(request.json(), out, capacity, false);
        return out;
    }

    private ObjectNode batchWriteItem(AwsRequest request) {
        JsonNode requestItems = requestItems(request.json());
        int total = 0;
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            int count = entry.getValue().size();
            if (!entry.getValue().isArray() || count < 1 || count > BATCH_WRITE_REQUESTS) {
                throw AttributeValues.validation("1 validation error detected: Value '{" + entry.getKey() + "="
                        + count + " requests}' at 'requestItems' failed to satisfy constraint: Map value must satisfy "
                        + "constraint: [Member must have length less than or equal to 25, Member must have length "
                        + "greater than or equal to 1]");
            }
            total += count;
        }
        if (total > BATCH_WRITE_REQUESTS) {
            throw AttributeValues.validation("Too many items requested for the BatchWriteItem call");
        }
        var units = new ArrayList<BatchUnit>();
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            DynamoTable table = table(request, entry.getKey(), "BatchWriteItem");
            var seen = new HashSet<ItemKey>();
            for (JsonNode write : entry.getValue()) {
                JsonNode put = write.get("PutRequest");
                JsonNode delete = write.get("DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw AttributeValues.validation("Supplied AttributeValue has more than one datatypes set, must "
                            + "contain exactly one of the supported datatypes");
                }
                ItemKey key;
                ObjectNode item = null;
                if (put != null) {
                    item = checkedItem(table, put.get("Item"));
                    key = itemKey(table, item);
                } else {
                    key = key(table, delete.get("Key"));
                }
                // "You try to perform multiple operations on the same item in the same BatchWriteItem request."
                if (!seen.add(key)) {
                    throw AttributeValues.validation("Provided list of item keys contains duplicates");
                }
                units.add(new BatchUnit(table, key, write, item));
            }
        }
        boolean[] unprocessed = unprocessed("BatchWriteItem", units, true);
        ObjectNode out = AttributeValues.NODES.objectNode();
        ObjectNode unprocessedItems = out.putObject("UnprocessedItems");
        var capacity = new LinkedHashMap<DynamoTable, Double>();
        for (int i = 0; i < units.size(); i++) {
            BatchUnit unit = units.get(i);
            if (unprocessed[i]) {
                ArrayNode writes = unprocessedItems.has(unit.table().name())
                        ? (ArrayNode) unprocessedItems.get(unit.table().name())
                        : unprocessedItems.putArray(unit.table().name());
                writes.add(unit.request());
                continue;
            }
            ObjectNode old;
            synchronized (unit.table().writeLock()) {
                old = unit.item() != null ? unit.table().put(unit.key().partition(), unit.key().sort(), unit.item())
                        : unit.table().delete(unit.key().partition(), unit.key().sort());
            }
            long size = Math.max(unit.item() == null ? 0 : AttributeValues.itemSize(unit.item()),
                    old == null ? 0 : AttributeValues.itemSize(old));
            capacity.merge(unit.table(), writeUnits(size), Double::sum);
        }
        consumedBatch(request.json(), out, capacity, true);
        return out;
    }

    private static JsonNode requestItems(JsonNode in) {
        JsonNode requestItems = in.get("RequestItems");
        if (requestItems == null || !requestItems.isObject() || requestItems.isEmpty()) {
            throw AttributeValues.validation("1 validation error detected: Value " + (requestItems == null ? "null"
                    : "'{}'") + " at 'requestItems' failed to satisfy constraint: Member must "
                    + (requestItems == null ? "not be null" : "have length greater than or equal to 1"));
        }
        return requestItems;
    }

    /**
     * Which units this call leaves unprocessed: a scripted fault's last N, else a seeded draw per unit. API_BatchGetItem
     * / API_BatchWriteItem: when none can be processed the call fails with the throttling error instead.
     */
    private boolean[] unprocessed(String action, List<BatchUnit> units, boolean write) {
        boolean[] left = new boolean[units.size()];
        int scripted = faults.takeScriptedUnprocessed(action);
        if (scripted >= 0) {
            for (int i = Math.max(0, units.size() - scripted); i < units.size(); i++) {
                left[i] = true;
            }
        } else {
            for (int i = 0; i < left.length; i++) {
                left[i] = faults.drawUnprocessed();
            }
        }
        boolean all = true;
        for (boolean b : left) {
            all &= b;
        }
        if (all && left.length > 0) {
            throw throughputExceeded(units.getFirst().table(), write);
        }
        return left;
    }

    // ---------------------------------------------------------------- Query

    /** The key condition, reduced to the partition key value and an optional sort key range. */
    private record KeyCondition(KeyValue partition, SortCondition sort) {
    }

    /** {@code =, <, <=, >, >=, BETWEEN, begins_with} on the sort key: each selects one contiguous range. */
    private record SortCondition(String operator, KeyValue first, KeyValue second) {
        boolean test(KeyValue sk) {
            int c = sk.compareTo(first);
            return switch (operator) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "BETWEEN" -> c >= 0 && sk.compareTo(second) <= 0;
                case "begins_with" -> "B".equals(sk.type())
                        ? startsWith(java.util.Base64.getDecoder().decode(sk.text()),
                                java.util.Base64.getDecoder().decode(first.text()))
                        : sk.text().startsWith(first.text());
                default -> throw new IllegalStateException(operator);
            };
        }

        private static boolean startsWith(byte[] data, byte[] prefix) {
            return data.length >= prefix.length
                    && java.util.Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
        }

        /** Where an ascending scan can start: the range's lowest possible key, or null for the partition's start. */
        KeyValue lowerBound() {
            return switch (operator) {
                case "=", ">", ">=", "BETWEEN", "begins_with" -> first;
                default -> null;
            };
        }
    }

    private ObjectNode query(AwsRequest request) {
        JsonNode in = request.json();
        rejectLegacy(in, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
        DynamoTable table = table(request, in.path("TableName"), "Query");
        if (in.hasNonNull("IndexName")) {
            throw AttributeValues.validation("The table does not have the specified index: "
                    + in.get("IndexName").asText());
        }
        if (!in.hasNonNull("KeyConditionExpression")) {
            throw AttributeValues.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                    + "specified in the request.");
        }
        ExpressionAttributes attributes = ExpressionAttributes.of(in,
                List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression"));
        KeyCondition keyCondition = keyCondition(table, ExpressionParser.condition(
                in.get("KeyConditionExpression").asText(), "KeyConditionExpression", attributes));
        Expr.Condition filter = condition(in, "FilterExpression", attributes);
        if (filter != null) {
            var names = new ArrayList<String>();
            ItemExpressions.topLevelNames(filter, names);
            for (String name : names) {
                if (isKeyAttribute(table, name)) {
                    throw AttributeValues.validation("Filter Expression can only contain non-primary key attributes: "
                            + "Primary key attribute: " + name);
                }
            }
        }
        List<Expr.Path> projection = projection(in, attributes);
        attributes.requireAllUsed();
        String select = in.path("Select").asText(projection != null ? "SPECIFIC_ATTRIBUTES" : "ALL_ATTRIBUTES");
        switch (select) {
            case "ALL_ATTRIBUTES", "COUNT" -> {
                if (projection != null) {
                    throw AttributeValues.validation("Cannot specify the ProjectionExpression when choosing to get "
                            + select);
                }
            }
            case "SPECIFIC_ATTRIBUTES" -> {
                if (projection == null) {
                    throw AttributeValues.validation("SPECIFIC_ATTRIBUTES requires a ProjectionExpression");
                }
            }
            case "ALL_PROJECTED_ATTRIBUTES" -> throw AttributeValues.validation(
                    "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
            default -> throw enumError(select, "select",
                    "[SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
        }
        Integer limit = null;
        if (in.has("Limit")) {
            limit = in.get("Limit").asInt();
            if (limit < 1) {
                throw AttributeValues.validation("1 validation error detected: Value '" + limit + "' at 'limit' failed "
                        + "to satisfy constraint: Member must have value greater than or equal to 1");
            }
        }
        boolean forward = in.path("ScanIndexForward").asBoolean(true);
        boolean consistent = in.path("ConsistentRead").asBoolean(false);

        NavigableMap<KeyValue, ObjectNode> view = table.partition(keyCondition.partition());
        KeyValue startAfter = exclusiveStartKey(table, in.get("ExclusiveStartKey"), keyCondition);
        SortCondition sort = keyCondition.sort();
        if (forward) {
            KeyValue lower = sort == null ? null : sort.lowerBound();
            if (startAfter != null && (lower == null || startAfter.compareTo(lower) >= 0)) {
                view = view.tailMap(startAfter, false);
            } else if (lower != null) {
                view = view.tailMap(lower, true);
            }
        } else {
            view = (startAfter != null ? view.headMap(startAfter, false) : view).descendingMap();
        }
        ArrayNode items = AttributeValues.NODES.arrayNode();
        int scanned = 0;
        long bytes = 0;
        boolean matchedAny = false;
        ObjectNode last = null;
        boolean truncated = false;
        for (Map.Entry<KeyValue, ObjectNode> entry : view.entrySet()) {
            if (sort != null && !sort.test(entry.getKey())) {
                if (matchedAny) {
                    break;
                }
                continue;
            }
            matchedAny = true;
            if (limit != null && scanned == limit) {
                truncated = true;
                break;
            }
            ObjectNode item = entry.getValue();
            long size = AttributeValues.itemSize(item);
            if (bytes + size > QUERY_PAGE_BYTES) {
                truncated = true;
                break;
            }
            bytes += size;
            scanned++;
            last = item;
            if (filter == null || ItemExpressions.evaluate(filter, item)) {
                items.add(projection == null ? item : ItemExpressions.project(item, projection));
            }
        }
        if (limit != null && scanned == limit) {
            // API_Query: LastEvaluatedKey is returned whenever the Limit stopped the read, more items or not.
            truncated = true;
        }
        ObjectNode out = AttributeValues.NODES.objectNode();
        if (!"COUNT".equals(select)) {
            out.set("Items", items);
        }
        out.put("Count", items.size());
        out.put("ScannedCount", scanned);
        if (truncated && last != null) {
            out.set("LastEvaluatedKey", keyAttributes(table, last));
        }
        consumed(in, out, table, readUnits(bytes, consistent), false);
        return out;
    }

    private KeyCondition keyCondition(DynamoTable table, Expr.Condition condition) {
        var conjuncts = new ArrayList<Expr.Condition>();
        if (condition instanceof Expr.And and) {
            conjuncts.add(and.left());
            conjuncts.add(and.right());
        } else {
            conjuncts.add(condition);
        }
        KeyValue partition = null;
        SortCondition sort = null;
        for (Expr.Condition c : conjuncts) {
            KeyConditionPart part = keyConditionPart(c);
            if (part.name().equals(table.partitionKey().name())) {
                if (partition != null) {
                    throw AttributeValues.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if (!"=".equals(part.operator())) {
                    throw AttributeValues.validation("Query key condition not supported");
                }
                partition = keyConditionValue(table.partitionKey(), part.values().getFirst());
            } else if (table.sortKey() != null && part.name().equals(table.sortKey().name())) {
                if (sort != null) {
                    throw AttributeValues.validation("KeyConditionExpressions must only contain one condition per key");
                }
                if ("begins_with".equals(part.operator()) && "N".equals(table.sortKey().type())) {
                    throw ItemExpressions.invalid("KeyConditionExpression", "Incorrect operand type for operator or "
                            + "function; operator or function: begins_with, operand type: N");
                }
                KeyValue first = keyConditionValue(table.sortKey(), part.values().getFirst());
                KeyValue second = part.values().size() > 1 ? keyConditionValue(table.sortKey(), part.values().get(1))
                        : null;
                if (second != null && first.compareTo(second) > 0) {
                    throw ItemExpressions.invalid("KeyConditionExpression", "The BETWEEN operator requires upper bound "
                            + "to be greater than or equal to lower bound; lower bound operand: AttributeValue: "
                            + AttributeValues.render(part.values().getFirst()) + ", upper bound operand: "
                            + "AttributeValue: " + AttributeValues.render(part.values().get(1)));
                }
                sort = new SortCondition(part.operator(), first, second);
            } else {
                throw AttributeValues.validation("Query condition missed key schema element: "
                        + (partition == null ? table.partitionKey().name() : table.sortKey() == null
                                ? table.partitionKey().name() : table.sortKey().name()));
            }
        }
        if (partition == null) {
            throw AttributeValues.validation("Query condition missed key schema element: "
                    + table.partitionKey().name());
        }
        return new KeyCondition(partition, sort);
    }

    /** One {@code key op :value} of a key condition: the attribute, the operator and its value operands. */
    private record KeyConditionPart(String name, String operator, List<JsonNode> values) {
    }

    private static KeyConditionPart keyConditionPart(Expr.Condition c) {
        AwsException unsupported = AttributeValues.validation("Query key condition not supported");
        return switch (c) {
            case Expr.Comparison cmp when cmp.left() instanceof Expr.PathOperand p
                    && cmp.right() instanceof Expr.ValueOperand v && p.path().elements().size() == 1
                    && !"<>".equals(cmp.operator()) -> new KeyConditionPart(p.path().topLevel(), cmp.operator(),
                    List.of(v.value()));
            case Expr.Between b when b.value() instanceof Expr.PathOperand p
                    && b.lower() instanceof Expr.ValueOperand lo && b.upper() instanceof Expr.ValueOperand hi
                    && p.path().elements().size() == 1 -> new KeyConditionPart(p.path().topLevel(), "BETWEEN",
                    List.of(lo.value(), hi.value()));
            case Expr.Function f when "begins_with".equals(f.name())
                    && f.arguments().getFirst() instanceof Expr.PathOperand p
                    && f.arguments().get(1) instanceof Expr.ValueOperand v && p.path().elements().size() == 1 ->
                    new KeyConditionPart(p.path().topLevel(), "begins_with", List.of(v.value()));
            default -> throw unsupported;
        };
    }

    private static KeyValue keyConditionValue(DynamoTable.KeyAttribute key, JsonNode value) {
        if (!key.type().equals(AttributeValues.type(value))) {
            throw AttributeValues.validation("One or more parameter values were invalid: Condition parameter type does "
                    + "not match schema type");
        }
        return KeyValue.of(value);
    }

    /** The sort key to continue after, checked against the table's schema and the query's key condition. */
    private KeyValue exclusiveStartKey(DynamoTable table, JsonNode startKey, KeyCondition condition) {
        if (startKey == null || startKey.isNull()) {
            return null;
        }
        ItemKey key;
        try {
            key = key(table, startKey);
        } catch (AwsException e) {
            throw AttributeValues.validation("The provided starting key is invalid: " + e.getMessage());
        }
        if (!key.partition().equals(condition.partition())
                || (condition.sort() != null && !condition.sort().test(key.sort()))) {
            throw AttributeValues.validation("The provided starting key is outside query boundaries based on provided "
                    + "conditions");
        }
        return key.sort();
    }

    // ---------------------------------------------------------------- tables and keys

    /** Finds the table a request names (name or ARN) in the caller's account and region, authorizing first. */
    private DynamoTable table(AwsRequest request, JsonNode nameNode, String action) {
        return table(request, nameNode == null || nameNode.isNull() || nameNode.isMissingNode() ? null
                : nameNode.asText(), action);
    }

    private DynamoTable table(AwsRequest request, String name, String action) {
        if (name == null) {
            throw AttributeValues.validation("1 validation error detected: Value null at 'tableName' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Matcher arn = TABLE_ARN.matcher(name);
        String account = request.caller().accountId();
        String region = request.region();
        String tableName = name;
        if (arn.matches()) {
            region = arn.group(2);
            account = arn.group(3);
            tableName = arn.group(4);
        } else if (name.length() < 3 || name.length() > 255) {
            throw AttributeValues.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed "
                    + "to satisfy constraint: Member must have length " + (name.length() < 3
                            ? "greater than or equal to 3" : "less than or equal to 255"));
        } else if (!TABLE_NAME.matcher(name).matches()) {
            throw AttributeValues.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        String tableArn = "arn:" + state.partition() + ":dynamodb:" + region + ":" + account + ":table/" + tableName;
        request.targetAccount(account);
        String permission = "dynamodb:" + action;
        Authorizer.Verdict verdict = authorizer.decide(request.caller(), permission, tableArn, request.region());
        if (!verdict.allowed()) {
            throw new AwsException("AccessDeniedException", 400,
                    Authorizer.deniedMessage(request.caller(), permission, tableArn, verdict));
        }
        if (!account.equals(request.caller().accountId())) {
            // Another account's table needs its resource-based policy; the emulator seeds none.
            throw new AwsException("AccessDeniedException", 400, "User: " + request.caller().arn() + " is not "
                    + "authorized to perform: " + permission + " on resource: " + tableArn + " because no "
                    + "resource-based policy allows the " + permission + " action");
        }
        return state.table(account, region, tableName)
                .orElseThrow(() -> new AwsException("ResourceNotFoundException", 400, NO_SUCH_TABLE));
    }

    private Optional<DynamoTable> findTable(AwsRequest request, String name) {
        Matcher arn = TABLE_ARN.matcher(name);
        if (arn.matches()) {
            return state.table(arn.group(3), arn.group(2), arn.group(4));
        }
        return request.caller() == null ? Optional.empty()
                : state.table(request.caller().accountId(), request.region(), name);
    }

    /** A table's primary key value: partition key and sort key ({@link KeyValue#NONE} without one). */
    record ItemKey(KeyValue partition, KeyValue sort) {
    }

    /** A {@code Key} parameter: exactly the table's key attributes, of the schema's types, non-empty. */
    static ItemKey key(DynamoTable table, JsonNode keyNode) {
        if (keyNode == null || !keyNode.isObject()) {
            throw AttributeValues.validation(KEY_MISMATCH);
        }
        ObjectNode key = AttributeValues.checkedItem(keyNode);
        int expected = table.sortKey() == null ? 1 : 2;
        if (key.size() != expected) {
            throw AttributeValues.validation(KEY_MISMATCH);
        }
        KeyValue partition = keyPart(table.partitionKey(), key.get(table.partitionKey().name()));
        KeyValue sort = table.sortKey() == null ? KeyValue.NONE : keyPart(table.sortKey(),
                key.get(table.sortKey().name()));
        return new ItemKey(partition, sort);
    }

    private static KeyValue keyPart(DynamoTable.KeyAttribute attribute, JsonNode value) {
        if (value == null || !attribute.type().equals(AttributeValues.type(value))) {
            throw AttributeValues.validation(KEY_MISMATCH);
        }
        requireNonEmptyKey(attribute, value);
        return KeyValue.of(value);
    }

    private static void requireNonEmptyKey(DynamoTable.KeyAttribute attribute, JsonNode value) {
        JsonNode v = value.get(attribute.type());
        if (("S".equals(attribute.type()) || "B".equals(attribute.type())) && v.textValue().isEmpty()) {
            throw AttributeValues.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty " + ("S".equals(attribute.type()) ? "string" : "binary")
                    + " value. Key: " + attribute.name());
        }
    }

    /** An item to write: valid values, within 400 KB. */
    static ObjectNode checkedItem(DynamoTable table, JsonNode itemNode) {
        if (itemNode == null || !itemNode.isObject()) {
            throw AttributeValues.validation("1 validation error detected: Value null at 'item' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        ObjectNode item = AttributeValues.checkedItem(itemNode);
        if (AttributeValues.itemSize(item) > MAX_ITEM_SIZE) {
            throw AttributeValues.validation("Item size has exceeded the maximum allowed size");
        }
        return item;
    }

    /** The key of an item to write: key attributes present, of the schema's types, non-empty, within size limits. */
    static ItemKey itemKey(DynamoTable table, ObjectNode item) {
        KeyValue partition = itemKeyPart(item, table.partitionKey(), MAX_PARTITION_KEY_BYTES,
                "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        KeyValue sort = table.sortKey() == null ? KeyValue.NONE : itemKeyPart(item, table.sortKey(),
                MAX_SORT_KEY_BYTES, "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        return new ItemKey(partition, sort);
    }

    private static KeyValue itemKeyPart(ObjectNode item, DynamoTable.KeyAttribute attribute, int maxBytes,
                                        String tooLong) {
        JsonNode value = item.get(attribute.name());
        if (value == null) {
            throw AttributeValues.validation("One or more parameter values were invalid: Missing the key "
                    + attribute.name() + " in the item");
        }
        String type = AttributeValues.type(value);
        if (!attribute.type().equals(type)) {
            throw AttributeValues.validation("One or more parameter values were invalid: Type mismatch for key "
                    + attribute.name() + " expected: " + attribute.type() + " actual: " + type);
        }
        requireNonEmptyKey(attribute, value);
        if (AttributeValues.valueSize(value) > maxBytes) {
            throw AttributeValues.validation("One or more parameter values were invalid: " + tooLong);
        }
        return KeyValue.of(value);
    }

    private static boolean isKeyAttribute(DynamoTable table, String name) {
        return table.partitionKey().name().equals(name)
                || (table.sortKey() != null && table.sortKey().name().equals(name));
    }

    private static ObjectNode keyAttributes(DynamoTable table, ObjectNode item) {
        ObjectNode key = AttributeValues.NODES.objectNode();
        key.set(table.partitionKey().name(), item.get(table.partitionKey().name()));
        if (table.sortKey() != null) {
            key.set(table.sortKey().name(), item.get(table.sortKey().name()));
        }
        return key;
    }

    // ---------------------------------------------------------------- expressions

    private static Expr.Condition condition(JsonNode in, String member, ExpressionAttributes attributes) {
        if (!in.hasNonNull(member)) {
            return null;
        }
        Expr.Condition condition = ExpressionParser.condition(in.get(member).asText(), member, attributes);
        ItemExpressions.check(condition, member);
        return condition;
    }

    private static List<Expr.Path> projection(JsonNode in, ExpressionAttributes attributes) {
        return in.hasNonNull("ProjectionExpression")
                ? ExpressionParser.projection(in.get("ProjectionExpression").asText(), attributes) : null;
    }

    /**
     * The emulator speaks expressions only; DynamoDB's legacy parameters (Expected, KeyConditions, AttributesToGet...)
     * are refused rather than silently ignored.
     */
    private static void rejectLegacy(JsonNode in, String... members) {
        for (String member : members) {
            if (in.hasNonNull(member)) {
                throw AttributeValues.validation("The emulator does not implement the legacy parameter " + member
                        + "; use expressions (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                        + "LegacyConditionalParameters.html)");
            }
        }
    }

    private static AwsException enumError(String value, String member, String values) {
        return AttributeValues.validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must satisfy enum value set: " + values);
    }

    // ---------------------------------------------------------------- consumed capacity

    /**
     * Read and write units as ReadWriteCapacityMode.html counts them: a strongly consistent read is one unit per 4 KB,
     * an eventually consistent one half that; a write is one unit per 1 KB; each at least one item's worth.
     */
    private static double readUnits(long bytes, boolean consistent) {
        double units = Math.max(1, (bytes + 4095) / 4096);
        return consistent ? units : units / 2;
    }

    private static double writeUnits(long bytes) {
        return Math.max(1, (bytes + 1023) / 1024);
    }

    private static void consumed(JsonNode in, ObjectNode out, DynamoTable table, double units, boolean write) {
        String mode = in.path("ReturnConsumedCapacity").asText("NONE");
        if ("NONE".equals(mode)) {
            return;
        }
        if (!"TOTAL".equals(mode) && !"INDEXES".equals(mode)) {
            throw enumError(mode, "returnConsumedCapacity", "[INDEXES, TOTAL, NONE]");
        }
        out.set("ConsumedCapacity", capacity(table, units, write, "INDEXES".equals(mode)));
    }

    private static void consumedBatch(JsonNode in, ObjectNode out, Map<DynamoTable, Double> units, boolean write) {
        String mode = in.path("ReturnConsumedCapacity").asText("NONE");
        if ("NONE".equals(mode)) {
            return;
        }
        if (!"TOTAL".equals(mode) && !"INDEXES".equals(mode)) {
            throw enumError(mode, "returnConsumedCapacity", "[INDEXES, TOTAL, NONE]");
        }
        ArrayNode list = out.putArray("ConsumedCapacity");
        units.forEach((table, u) -> list.add(capacity(table, u, write, "INDEXES".equals(mode))));
    }

    private static ObjectNode capacity(DynamoTable table, double units, boolean write, boolean indexes) {
        ObjectNode c = AttributeValues.NODES.objectNode().put("TableName", table.name()).put("CapacityUnits", units)
                .put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
        if (indexes) {
            c.putObject("Table").put("CapacityUnits", units)
                    .put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
        }
        return c;
    }

    /** Stores an item outside any request (seeding), validated exactly as PutItem validates it. */
    public static void store(DynamoTable table, JsonNode item) {
        ObjectNode checked = checkedItem(table, item);
        ItemKey key = itemKey(table, checked);
        synchronized (table.writeLock()) {
            table.put(key.partition(), key.sort(), checked);
        }
    }
}
