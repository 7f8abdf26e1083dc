package io.orgaccessguard.emulator.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One DynamoDB table: its key schema, capacity mode and items, by partition key and, within a partition, sorted by
 * sort key. Reads never lock; conditional writes hold {@link #writeLock()} so that check and write are atomic, as
 * DynamoDB's conditional writes are. Stored items are never mutated, so they can be shared with readers.
 */
public final class DynamoTable {

    /** On-demand ({@code PAY_PER_REQUEST}) or provisioned capacity: they throttle with different errors. */
    public enum BillingMode { PAY_PER_REQUEST, PROVISIONED }

    /** A key attribute: name and scalar type (S, N or B). */
    public record KeyAttribute(String name, String type) {
    }

    private final String accountId;
    private final String region;
    private final String name;
    private final String arn;
    private final KeyAttribute partitionKey;
    private final KeyAttribute sortKey;
    private final BillingMode billingMode;
    private final Instant createdAt;
    private final ConcurrentHashMap<KeyValue, ConcurrentSkipListMap<KeyValue, ObjectNode>> partitions =
            new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    public DynamoTable(String partition, String accountId, String region, String name, KeyAttribute partitionKey,
                       KeyAttribute sortKey, BillingMode billingMode, Instant createdAt) {
        this.accountId = accountId;
        this.region = region;
        this.name = name;
        this.arn = "arn:" + partition + ":dynamodb:" + region + ":" + accountId + ":table/" + name;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.billingMode = billingMode;
        this.createdAt = createdAt;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }

    public KeyAttribute partitionKey() {
        return partitionKey;
    }

    /** Null for a table with a partition key only. */
    public KeyAttribute sortKey() {
        return sortKey;
    }

    public BillingMode billingMode() {
        return billingMode;
    }

    public Instant createdAt() {
        return createdAt;
    }

    Object writeLock() {
        return writeLock;
    }

    Optional<ObjectNode> get(KeyValue pk, KeyValue sk) {
        var items = partitions.get(pk);
        return Optional.ofNullable(items == null ? null : items.get(sk));
    }

    /** Stores an item; returns the one it replaced, or null. Call under {@link #writeLock()}. */
    ObjectNode put(KeyValue pk, KeyValue sk, ObjectNode item) {
        return partitions.computeIfAbsent(pk, k -> new ConcurrentSkipListMap<>()).put(sk, item);
    }

    /** Removes an item; returns it, or null. Call under {@link #writeLock()}. */
    ObjectNode delete(KeyValue pk, KeyValue sk) {
        var items = partitions.get(pk);
        if (items == null) {
            return null;
        }
        ObjectNode old = items.remove(sk);
        if (items.isEmpty()) {
            partitions.remove(pk);
        }
        return old;
    }

    /** One partition's items by sort key (empty when the partition has none). */
    NavigableMap<KeyValue, ObjectNode> partition(KeyValue pk) {
        NavigableMap<KeyValue, ObjectNode> items = partitions.get(pk);
        return items == null ? Collections.emptyNavigableMap() : items;
    }

    /** Every item, by partition key then sort key (a stable order for tests). */
    public List<ObjectNode> items() {
        var out = new ArrayList<ObjectNode>();
        new TreeMap<>(partitions).values().forEach(items -> out.addAll(items.values()));
        return out;
    }

    public int itemCount() {
        return partitions.values().stream().mapToInt(ConcurrentSkipListMap::size).sum();
    }
}
