package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.DynamoDbItemTest.item;
import static io.orgaccessguard.emulator.DynamoDbItemTest.key;
import static io.orgaccessguard.emulator.DynamoDbItemTest.s;
import static io.orgaccessguard.emulator.StorageOrgs.MGMT;
import static io.orgaccessguard.emulator.StorageOrgs.PROVISIONED;
import static io.orgaccessguard.emulator.StorageOrgs.STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchGetItem and BatchWriteItem: their limits, duplicate keys, UnprocessedKeys/UnprocessedItems and the
 * unprocessed-key faults. API_BatchGetItem.html: "If you request more than 100 items, BatchGetItem returns a
 * ValidationException with the message 'Too many items requested for the BatchGetItem call'" and "BatchGetItem will
 * result in a ValidationException if the same key is specified multiple times". API_BatchWriteItem.html: "up to 25
 * item put or delete operations"; the whole batch is rejected when "there are more than 25 requests in the batch" or
 * it has "two items with identical hash and range keys".
 */
class DynamoDbBatchTest {

    private static WriteRequest putRequest(String pk) {
        return WriteRequest.builder().putRequest(PutRequest.builder().item(item(pk, "status", Map.of("v", s(pk))))
                .build()).build();
    }

    private static List<WriteRequest> puts(int count) {
        return IntStream.range(0, count).mapToObj(i -> putRequest(String.format("account#%03d", i))).toList();
    }

    private static List<Map<String, AttributeValue>> keys(int count) {
        return IntStream.range(0, count).mapToObj(i -> key(String.format("account#%03d", i), "status")).toList();
    }

    @Test
    void batchWrite_25Requests_areWritten_26AreRefusedWhole() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            var response = ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(25))));
            assertThat(response.unprocessedItems()).isEmpty();
            assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(25);

            var e = Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(26)))),
                    "ValidationException", 400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("Member must have length less than or equal to 25");
            // 25 per table but more than 25 in the call is refused too.
            var across = new HashMap<String, List<WriteRequest>>();
            across.put(STATUS, puts(20));
            across.put(PROVISIONED, puts(6));
            var e2 = Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(across)), "ValidationException", 400);
            assertThat(e2.awsErrorDetails().errorMessage()).isEqualTo("Too many items requested for the BatchWriteItem "
                    + "call");
            assertThat(aws.dynamoItems(MGMT, PROVISIONED)).isEmpty();
        }
    }

    @Test
    void batchWrite_duplicateKeys_orPutAndDeleteOfOneItem_refuseTheWholeBatch() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            var duplicate = List.of(putRequest("a"), putRequest("b"), putRequest("a"));
            var e = Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, duplicate))),
                    "ValidationException", 400);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Provided list of item keys contains duplicates");
            var putAndDelete = List.of(putRequest("a"), WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(key("a", "status")).build()).build());
            Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, putAndDelete))),
                    "ValidationException", 400);
            // A bad item refuses the batch before anything is written.
            var oneBad = new ArrayList<>(puts(3));
            oneBad.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", s("x"))).build())
                    .build());
            Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, oneBad))), "ValidationException", 400);
            assertThat(aws.dynamoItems(MGMT, STATUS)).isEmpty();
        }
    }

    @Test
    void batchWrite_putsAndDeletes_inOneCall() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(3))));
            var mixed = List.of(putRequest("new"), WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                    .key(key("account#001", "status")).build()).build());
            ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, mixed)));
            assertThat(aws.dynamoItems(MGMT, STATUS)).extracting(i -> i.get("pk"))
                    .containsExactly("account#000", "account#002", "new");
        }
    }

    @Test
    void batchGet_100Keys_answerEveryFoundItem_101AreRefused_duplicatesToo() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            for (int batch = 0; batch < 2; batch++) {
                int from = batch * 25;
                ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(50).subList(from, from + 25))));
            }
            var response = ddb.batchGetItem(r -> r.requestItems(Map.of(STATUS,
                    KeysAndAttributes.builder().keys(keys(100)).build())));
            assertThat(response.responses().get(STATUS)).hasSize(50); // keys without items return nothing
            assertThat(response.unprocessedKeys()).isEmpty();

            var tooMany = Sdk.error(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(STATUS,
                    KeysAndAttributes.builder().keys(keys(101)).build()))), "ValidationException", 400);
            assertThat(tooMany.awsErrorDetails().errorMessage()).isEqualTo("Too many items requested for the "
                    + "BatchGetItem call");
            var duplicates = new ArrayList<>(keys(3));
            duplicates.add(key("account#001", "status"));
            var dup = Sdk.error(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(STATUS,
                    KeysAndAttributes.builder().keys(duplicates).build()))), "ValidationException", 400);
            assertThat(dup.awsErrorDetails().errorMessage()).isEqualTo("Provided list of item keys contains duplicates");

            var projected = ddb.batchGetItem(r -> r.requestItems(Map.of(STATUS, KeysAndAttributes.builder()
                    .keys(keys(2)).projectionExpression("pk, v").consistentRead(true).build())));
            assertThat(projected.responses().get(STATUS)).allSatisfy(i -> assertThat(i).containsOnlyKeys("pk", "v"));
        }
    }

    @Test
    void batches_needTheirOwnPermission_notThePerItemOnes() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient reader = Sdk.dynamodb(aws, aws.credentialsForRole(MGMT, "StatusReader", "r"))) {
            // StatusReader may GetItem and Query the table, not BatchGetItem.
            var e = Sdk.error(() -> reader.batchGetItem(r -> r.requestItems(Map.of(STATUS,
                    KeysAndAttributes.builder().keys(keys(1)).build()))), "AccessDeniedException", 400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("dynamodb:BatchGetItem");
            Sdk.error(() -> reader.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(1)))),
                    "AccessDeniedException", 400);
        }
    }

    @Test
    void scriptedUnprocessed_leavesTheLastKeys_forTheClientToRetry() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            aws.faults().unprocessedNext("BatchWriteItem", 5);
            BatchWriteItemResponse first = ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(25))));
            assertThat(first.unprocessedItems().get(STATUS)).hasSize(5)
                    .extracting(w -> w.putRequest().item().get("pk").s())
                    .containsExactly("account#020", "account#021", "account#022", "account#023", "account#024");
            assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(20);
            ddb.batchWriteItem(r -> r.requestItems(first.unprocessedItems()));
            assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(25);

            aws.faults().unprocessedNext("BatchGetItem", 2);
            var get = ddb.batchGetItem(r -> r.requestItems(Map.of(STATUS, KeysAndAttributes.builder()
                    .keys(keys(10)).projectionExpression("pk").build())));
            assertThat(get.responses().get(STATUS)).hasSize(8);
            // Unprocessed keys come back with the table's request attributes, ready to resend as they are.
            assertThat(get.unprocessedKeys().get(STATUS).keys()).containsExactly(key("account#008", "status"),
                    key("account#009", "status"));
            assertThat(get.unprocessedKeys().get(STATUS).projectionExpression()).isEqualTo("pk");
            assertThat(ddb.batchGetItem(r -> r.requestItems(get.unprocessedKeys())).responses().get(STATUS)).hasSize(2);
        }
    }

    /** API_BatchGetItem / API_BatchWriteItem: a call that can process nothing fails instead of answering. */
    @Test
    void nothingProcessable_failsWithTheTablesThrottlingError() {
        try (AwsEmulator aws = AwsEmulator.start(StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            aws.faults().unprocessedNext("BatchWriteItem", 25);
            Sdk.error(() -> ddb.batchWriteItem(r -> r.requestItems(Map.of(STATUS, puts(3)))), "ThrottlingException",
                    400);
            aws.faults().unprocessedNext("BatchGetItem", 1);
            Sdk.error(() -> ddb.batchGetItem(r -> r.requestItems(Map.of(PROVISIONED, KeysAndAttributes.builder()
                    .keys(keys(1)).build()))), "ProvisionedThroughputExceededException", 400);
            assertThat(aws.dynamoItems(MGMT, STATUS)).isEmpty();
        }
    }

    /** A client retrying UnprocessedItems until none are left writes everything, whatever the seeded draws. */
    @Test
    void unprocessedRate_retryingUntilDone_writesAndReadsEveryItem() {
        var options = EmulatorOptions.builder().seed(17).unprocessedRate(0.4).build();
        try (AwsEmulator aws = AwsEmulator.start(options, StorageOrgs.seed());
             DynamoDbClient ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT))) {
            Map<String, List<WriteRequest>> pending = Map.of(STATUS, puts(25));
            int calls = 0;
            int partial = 0;
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                try {
                    pending = ddb.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                    partial += pending.isEmpty() ? 0 : 1;
                } catch (software.amazon.awssdk.services.dynamodb.model.ThrottlingException e) {
                    // nothing processed this time: resend the same batch
                }
                calls++;
                assertThat(calls).isLessThan(50);
            }
            assertThat(partial).isPositive();
            assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(25);

            Map<String, KeysAndAttributes> keysLeft = Map.of(STATUS, KeysAndAttributes.builder().keys(keys(25)).build());
            var found = new ArrayList<Map<String, AttributeValue>>();
            while (!keysLeft.isEmpty()) {
                Map<String, KeysAndAttributes> request = keysLeft;
                try {
                    var response = ddb.batchGetItem(r -> r.requestItems(request));
                    found.addAll(response.responses().getOrDefault(STATUS, List.of()));
                    keysLeft = response.unprocessedKeys();
                } catch (software.amazon.awssdk.services.dynamodb.model.ThrottlingException e) {
                    // resend
                }
            }
            assertThat(found).hasSize(25);
            assertThat(aws.callCounts().get("dynamodb:BatchWriteItem").get("calls")).isEqualTo((long) calls);
        }
    }
}
