package io.orgaccessguard.aws;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.CheckRequest.AllAccounts;
import io.orgaccessguard.core.model.CheckRequest.NotifyMode;
import io.orgaccessguard.core.model.CheckRequest.OrganizationalUnit;
import io.orgaccessguard.core.model.CheckRequest.Scope;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.ReconcileRun;
import io.orgaccessguard.core.model.RunPlan;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.RunStore;
import io.orgaccessguard.core.port.StatusStore;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.json.RecordJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The stack's DynamoDB table (on-demand): each account's status, the run over many accounts under way and what its
 * digest will announce. One table, keyed by {@code pk} and {@code sk}:
 * <ul>
 *   <li>{@code account#<id>} / {@code status}: the account's last status;</li>
 *   <li>{@code run} / {@code current}: the run, with its plan, saved under a version condition. A run saved by a
 *   version before runs had plans (no {@code scope}) reads as that run restarted: its list is kept, every account is
 *   checked again and staged anew (what the old version staged, {@code pending#} and {@code digest#} items, is left
 *   to expire), and roles found working are asked who created them;</li>
 *   <li>{@code run#<runId>} / {@code accounts#<position>#<n>}: the accounts the run covers, listed once and saved as
 *   they are found, keyed by the position of the first (zero-padded, so the key orders them), in items of at most
 *   {@value #ACCOUNT_CHUNK_BYTES} bytes;</li>
 *   <li>{@code staged#<runId>} / {@code <id>}: a result staged for the run's digest, as the typed record it is
 *   ({@code result}), with the status to record once the digest is out.</li>
 * </ul>
 * Items of one run expire ({@code expiresAt}, the table's TTL attribute) 30 days after it started. Batches respect
 * DynamoDB's limits (100 keys a BatchGetItem, 25 writes a BatchWriteItem) and retry what comes back unprocessed.
 */
public final class DynamoStatusTable implements StatusStore, RunStore {

    static final String PK = "pk";
    static final String SK = "sk";
    /** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html: at most 100 items. */
    static final int MAX_BATCH_GET = 100;
    /** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html: at most 25 requests. */
    static final int MAX_BATCH_WRITE = 25;
    /**
     * Bytes (UTF-8 JSON) per chunk of a run's account list, well below DynamoDB's 400 KB item limit: a chunk is cut by
     * size, not by count, since names and OU paths of any length and script make a row anything from 200 bytes to a
     * few KB.
     */
    static final int ACCOUNT_CHUNK_BYTES = 300 * 1024;
    private static final int UNPROCESSED_ATTEMPTS = 10;
    private static final Duration RUN_ITEMS_LIVE = Duration.ofDays(30);
    private static final RecordJson RECORDS = new RecordJson("io.orgaccessguard.core.model");

    private final Supplier<DynamoDbClient> client;
    private final String table;
    /** Batches of one call go out side by side: a digest's statuses are written at once, not one after another. */
    private final ExecutorService writers = Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon()
            .name("dynamo-", 0).factory());

    /** @param client asked for the client only when the table is first used */
    public DynamoStatusTable(Supplier<DynamoDbClient> client, String table) {
        this.client = client;
        this.table = table;
    }

    // ----------------------------------------------------------------------------------------------- StatusStore

    @Override
    public Optional<StatusRecord> read(String accountId) {
        Map<String, AttributeValue> item = AwsErrors.call("dynamodb:GetItem", () -> client.get().getItem(r -> r
                .tableName(table).key(key("account#" + accountId, "status"))).item());
        return item == null || item.isEmpty() ? Optional.empty() : statusOf(item);
    }

    @Override
    public void write(String accountId, StatusRecord record) {
        AwsErrors.run("dynamodb:PutItem", () -> client.get().putItem(r -> r.tableName(table)
                .item(statusItem("account#" + accountId, "status", record, Optional.empty()))));
    }

    @Override
    public Map<String, StatusRecord> readAll(Collection<String> accountIds) {
        var records = new LinkedHashMap<String, StatusRecord>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(accountIds));
        for (int from = 0; from < ids.size(); from += MAX_BATCH_GET) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(from + MAX_BATCH_GET, ids.size()))
                    .stream().map(id -> key("account#" + id, "status")).toList();
            for (Map<String, AttributeValue> item : batchGet(keys)) {
                statusOf(item).ifPresent(record -> records.put(item.get(PK).s().substring("account#".length()),
                        record));
            }
        }
        return records;
    }

    @Override
    public void writeAll(Map<String, StatusRecord> records) {
        batchWrite(records.entrySet().stream().map(entry ->
                statusItem("account#" + entry.getKey(), "status", entry.getValue(), Optional.empty())).toList());
    }

    // -------------------------------------------------------------------------------------------------- RunStore

    @Override
    public Optional<ReconcileRun> current() {
        Map<String, AttributeValue> item = AwsErrors.call("dynamodb:GetItem", () -> client.get().getItem(r -> r
                .tableName(table).key(key("run", "current")).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(runOf(item));
    }

    @Override
    public boolean save(ReconcileRun run, long expectedVersion) {
        try {
            AwsErrors.call("dynamodb:PutItem", () -> client.get().putItem(r -> {
                r.tableName(table).item(runItem(run));
                if (expectedVersion == 0) {
                    r.conditionExpression("attribute_not_exists(#pk) OR #version = :zero")
                            .expressionAttributeNames(Map.of("#pk", PK, "#version", "version"))
                            .expressionAttributeValues(Map.of(":zero", number(0)));
                } else {
                    r.conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", "version"))
                            .expressionAttributeValues(Map.of(":expected", number(expectedVersion)));
                }
            }));
            return true;
        } catch (OperationFailedException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void saveAccounts(String runId, int from, List<MemberAccount> accounts) {
        var chunks = new ArrayList<String>();
        var chunk = new StringBuilder();
        int chunkBytes = 0;
        for (MemberAccount account : accounts) {
            String row = Json.write(accountJson(account));
            int rowBytes = row.getBytes(StandardCharsets.UTF_8).length + 1;
            if (chunkBytes > 0 && chunkBytes + rowBytes > ACCOUNT_CHUNK_BYTES) {
                chunks.add(chunk.append(']').toString());
                chunk = new StringBuilder();
                chunkBytes = 0;
            }
            chunk.append(chunkBytes == 0 ? '[' : ',').append(row);
            chunkBytes += rowBytes;
        }
        if (chunkBytes > 0) {
            chunks.add(chunk.append(']').toString());
        }
        var items = new ArrayList<Map<String, AttributeValue>>();
        for (int index = 0; index < chunks.size(); index++) {
            Map<String, AttributeValue> item = new HashMap<>(key("run#" + runId,
                    "accounts#%09d#%03d".formatted(from, index)));
            item.put("accounts", text(chunks.get(index)));
            item.put("expiresAt", expiry(runId));
            items.add(item);
        }
        batchWrite(items);
    }

    @Override
    public List<MemberAccount> accounts(String runId) {
        var accounts = new ArrayList<MemberAccount>();
        for (Map<String, AttributeValue> item : query("run#" + runId)) {
            for (Object row : (List<?>) Json.parse(item.get("accounts").s())) {
                accounts.add(accountOf((Map<?, ?>) row));
            }
        }
        return accounts;
    }

    @Override
    public void stage(String runId, List<Staged> results) {
        batchWrite(results.stream().map(staged -> {
            Map<String, AttributeValue> item = staged.record()
                    .map(record -> statusItem("staged#" + runId, staged.result().accountId(), record,
                            Optional.of(expiry(runId))))
                    .orElseGet(() -> {
                        Map<String, AttributeValue> bare = new HashMap<>(key("staged#" + runId,
                                staged.result().accountId()));
                        bare.put("expiresAt", expiry(runId));
                        return bare;
                    });
            item.put("result", text(Json.write(RECORDS.tree(staged.result()))));
            return item;
        }).toList());
    }

    @Override
    public List<Staged> staged(String runId) {
        return query("staged#" + runId).stream().map(item -> new Staged(
                RECORDS.value(Json.parse(item.get("result").s()), AccountResult.class),
                item.containsKey("status") ? statusOf(item) : Optional.empty())).toList();
    }

    // -------------------------------------------------------------------------------------------------- batches

    private List<Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        var items = new ArrayList<Map<String, AttributeValue>>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).build());
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > UNPROCESSED_ATTEMPTS) {
                throw unprocessed("dynamodb:BatchGetItem");
            }
            backOff(attempt);
            Map<String, KeysAndAttributes> asked = request;
            var response = AwsErrors.call("dynamodb:BatchGetItem", () -> client.get().batchGetItem(r -> r
                    .requestItems(asked)));
            items.addAll(response.responses().getOrDefault(table, List.of()));
            request = response.unprocessedKeys() == null ? Map.of() : response.unprocessedKeys();
        }
        return items;
    }

    /** Writes the items in batches of 25, several batches at once. */
    private void batchWrite(List<Map<String, AttributeValue>> items) {
        var batches = new ArrayList<CompletableFuture<Void>>();
        for (int from = 0; from < items.size(); from += MAX_BATCH_WRITE) {
            List<WriteRequest> writes = items.subList(from, Math.min(from + MAX_BATCH_WRITE, items.size())).stream()
                    .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                    .toList();
            batches.add(CompletableFuture.runAsync(() -> batchWriteOne(writes), writers));
        }
        try {
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private void batchWriteOne(List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> request = Map.of(table, writes);
        for (int attempt = 1; !request.isEmpty(); attempt++) {
            if (attempt > UNPROCESSED_ATTEMPTS) {
                throw unprocessed("dynamodb:BatchWriteItem");
            }
            backOff(attempt);
            Map<String, List<WriteRequest>> asked = request;
            var response = AwsErrors.call("dynamodb:BatchWriteItem", () -> client.get().batchWriteItem(r -> r
                    .requestItems(asked)));
            request = response.unprocessedItems() == null ? Map.of() : response.unprocessedItems();
        }
    }

    private List<Map<String, AttributeValue>> query(String partition) {
        return AwsErrors.call("dynamodb:Query", () -> client.get().queryPaginator(QueryRequest.builder().tableName(table)
                .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", PK))
                .expressionAttributeValues(Map.of(":pk", text(partition))).consistentRead(true).build())
                .items().stream().toList());
    }

    /**
     * Unprocessed keys are retried with exponential backoff, as DynamoDB asks
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations).
     */
    private static void backOff(int attempt) {
        if (attempt == 1) {
            return;
        }
        try {
            Thread.sleep(Math.min(2_000L, 50L << Math.min(attempt - 2, 6)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying unprocessed DynamoDB keys", e);
        }
    }

    private static OperationFailedException unprocessed(String operation) {
        return AwsErrors.failed(operation, SdkException.builder()
                .message("items still unprocessed after " + UNPROCESSED_ATTEMPTS + " attempts").build());
    }

    // ---------------------------------------------------------------------------------------------------- items

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, text(pk), SK, text(sk));
    }

    private static Map<String, AttributeValue> statusItem(String pk, String sk, StatusRecord record,
                                                          Optional<AttributeValue> expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        item.put("status", text(record.status()));
        item.put("since", text(seconds(record.since())));
        record.notifiedAt().ifPresent(at -> item.put("notifiedAt", text(seconds(at))));
        record.change().ifPresent(change -> item.put("change", text(change.name())));
        expiresAt.ifPresent(at -> item.put("expiresAt", at));
        return item;
    }

    /** What is recorded, or empty for an unreadable record (edited by hand): treated as never seen. */
    private static Optional<StatusRecord> statusOf(Map<String, AttributeValue> item) {
        try {
            return Optional.of(new StatusRecord(item.get("status").s(), Instant.parse(item.get("since").s()),
                    Optional.ofNullable(item.get("notifiedAt")).map(value -> Instant.parse(value.s())),
                    Optional.ofNullable(item.get("change")).flatMap(value -> change(value.s()))));
        } catch (DateTimeParseException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** A change recorded by a later version that this one does not know reads as none. */
    private static Optional<Outcome> change(String value) {
        return Arrays.stream(Outcome.values()).filter(outcome -> outcome.isChange() && outcome.name().equals(value))
                .findFirst();
    }

    private Map<String, AttributeValue> runItem(ReconcileRun run) {
        Map<String, AttributeValue> item = new HashMap<>(key("run", "current"));
        item.put("runId", text(run.runId()));
        switch (run.plan().scope()) {
            case AllAccounts all -> item.put("scope", text("all"));
            case OrganizationalUnit ou -> {
                item.put("scope", text("ou"));
                item.put("unitId", text(ou.id()));
                item.put("recursive", AttributeValue.fromBool(ou.recursive()));
            }
        }
        item.put("dryRun", AttributeValue.fromBool(run.plan().dryRun()));
        item.put("notifyMode", text(run.plan().notifyMode().name()));
        item.put("scheduled", AttributeValue.fromBool(run.plan().scheduled()));
        item.put("tracedBefore", number(run.tracedBefore()));
        item.put("startedAt", text(run.startedAt().toString()));
        item.put("accounts", number(run.accounts()));
        item.put("listed", AttributeValue.fromBool(run.listed()));
        run.lastAccountId().ifPresent(last -> item.put("lastAccountId", text(last)));
        var counts = new HashMap<String, AttributeValue>();
        run.counts().forEach((outcome, count) -> counts.put(outcome.name(), number(count)));
        item.put("counts", AttributeValue.fromM(counts));
        item.put("rolesCreated", number(run.rolesCreated()));
        item.put("checked", number(run.checked()));
        item.put("checkedAll", AttributeValue.fromBool(run.checkedAll()));
        item.put("digestSent", AttributeValue.fromBool(run.digestSent()));
        run.leaseOwner().ifPresent(owner -> item.put("leaseOwner", text(owner)));
        run.leaseUntil().ifPresent(until -> item.put("leaseUntil", text(until.toString())));
        item.put("version", number(run.version()));
        return item;
    }

    private static ReconcileRun runOf(Map<String, AttributeValue> item) {
        var counts = new EnumMap<Outcome, Integer>(Outcome.class);
        Optional.ofNullable(item.get("counts")).map(AttributeValue::m).orElse(Map.of()).forEach((name, count) ->
                Arrays.stream(Outcome.values()).filter(outcome -> outcome.name().equals(name)).findFirst()
                        .ifPresent(outcome -> counts.put(outcome, Integer.parseInt(count.n()))));
        Function<String, Optional<String>> optional = name -> Optional.ofNullable(item.get(name))
                .map(AttributeValue::s);
        String runId = item.get("runId").s();
        Instant startedAt = Instant.parse(item.get("startedAt").s());
        int accounts = Integer.parseInt(item.get("accounts").n());
        // A run saved by a version that listed every account before it started has no "listed": it is.
        boolean listed = Optional.ofNullable(item.get("listed")).map(AttributeValue::bool).orElse(true);
        Optional<String> leaseOwner = optional.apply("leaseOwner");
        Optional<Instant> leaseUntil = optional.apply("leaseUntil").map(Instant::parse);
        long version = Long.parseLong(item.get("version").n());
        if (!item.containsKey("scope")) {
            // Saved by a version before runs had plans: the scheduled reconcile, restarted over the list it saved.
            // What that version staged is words and statuses in shapes this one does not read; checked again, every
            // account is staged anew, and every role found working is asked who made it.
            boolean finished = item.get("checkedAll").bool() && item.get("digestSent").bool();
            return new ReconcileRun(runId, new RunPlan(new AllAccounts(), false, NotifyMode.DIGEST, true), startedAt,
                    accounts, listed, Optional.empty(), finished ? counts : Map.of(), 0, finished ? accounts : 0,
                    finished, finished, finished ? 0 : Integer.MAX_VALUE, leaseOwner, leaseUntil, version);
        }
        Scope scope = item.get("scope").s().equals("ou")
                ? new OrganizationalUnit(item.get("unitId").s(), item.get("recursive").bool())
                : new AllAccounts();
        var plan = new RunPlan(scope, item.get("dryRun").bool(), NotifyMode.valueOf(item.get("notifyMode").s()),
                item.get("scheduled").bool());
        return new ReconcileRun(runId, plan, startedAt, accounts, listed, optional.apply("lastAccountId"), counts,
                Optional.ofNullable(item.get("rolesCreated")).map(value -> Integer.parseInt(value.n())).orElse(0),
                Integer.parseInt(item.get("checked").n()), item.get("checkedAll").bool(),
                item.get("digestSent").bool(), Integer.parseInt(item.get("tracedBefore").n()), leaseOwner,
                leaseUntil, version);
    }

    private static Map<String, Object> accountJson(MemberAccount account) {
        var json = new LinkedHashMap<String, Object>();
        json.put("id", account.id());
        json.put("name", account.name());
        json.put("email", account.email());
        json.put("state", account.state());
        json.put("joinedMethod", account.joinedMethod());
        json.put("joinedAt", account.joinedAt().toString());
        json.put("ouPath", account.ouPath());
        return json;
    }

    /** An account list saved before OU paths were kept has none: its accounts read as placed nowhere. */
    private static MemberAccount accountOf(Map<?, ?> json) {
        List<String> ouPath = json.get("ouPath") instanceof List<?> path
                ? path.stream().map(String::valueOf).toList() : List.of();
        return new MemberAccount(String.valueOf(json.get("id")), String.valueOf(json.get("name")),
                String.valueOf(json.get("email")), String.valueOf(json.get("state")),
                String.valueOf(json.get("joinedMethod")), Instant.parse(String.valueOf(json.get("joinedAt"))), ouPath);
    }

    /** Run-scoped items go once the run is long over (the table's TTL attribute, in epoch seconds). */
    private static AttributeValue expiry(String runId) {
        Instant started;
        try {
            // "<instant>_<suffix>", or the bare instant of runs saved by earlier versions.
            started = Instant.parse(runId.split("_", 2)[0]);
        } catch (DateTimeParseException e) {
            started = Instant.now();
        }
        return number(started.plus(RUN_ITEMS_LIVE).getEpochSecond());
    }

    private static AttributeValue text(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
