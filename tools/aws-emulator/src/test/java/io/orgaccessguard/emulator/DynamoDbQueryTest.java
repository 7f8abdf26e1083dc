package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.DynamoDbItemTest.item;
import static io.orgaccessguard.emulator.DynamoDbItemTest.n;
import static io.orgaccessguard.emulator.DynamoDbItemTest.s;
import static io.orgaccessguard.emulator.StorageOrgs.MGMT;
import static io.orgaccessguard.emulator.StorageOrgs.NUMBERS;
import static io.orgaccessguard.emulator.StorageOrgs.STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html): "Query results are always
 * sorted by the sort key value. If the data type of the sort key is Number, the results are returned in numeric order;
 * otherwise, the results are returned in order of UTF-8 bytes"; "A single Query operation will read up to the maximum
 * number of items set (if using the Limit parameter) or a maximum of 1 MB of data and then apply any filtering".
 */
class DynamoDbQueryTest {

    private AwsEmulator aws;
    private DynamoDbClient ddb;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(StorageOrgs.seed());
        ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT));
        for (String sk : List.of("account#222", "account#333", "account#444", "run#2026-01-01", "run#2026-01-02",
                "Zulu", "é-accent")) {
            ddb.putItem(r -> r.tableName(STATUS).item(item("org", sk, Map.of("kind", s(sk.split("#")[0])))));
        }
        ddb.putItem(r -> r.tableName(STATUS).item(item("other", "account#222", Map.of())));
    }

    @AfterEach
    void stop() {
        ddb.close();
        aws.close();
    }

    private List<String> sortKeys(QueryResponse response) {
        return response.items().stream().map(i -> i.get("sk").s()).toList();
    }

    private QueryResponse query(String condition, Map<String, AttributeValue> values) {
        return ddb.query(r -> r.tableName(STATUS).keyConditionExpression(condition).expressionAttributeValues(values));
    }

    @Test
    void partitionKeyOnly_returnsThePartition_inUtf8ByteOrder() {
        // "Zulu" (0x5A) sorts before "account" (0x61); "é" (0xC3 0xA9) after every ASCII letter.
        assertThat(sortKeys(query("pk = :p", Map.of(":p", s("org"))))).containsExactly("Zulu", "account#222",
                "account#333", "account#444", "run#2026-01-01", "run#2026-01-02", "é-accent");
        var descending = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("org"))).scanIndexForward(false));
        assertThat(sortKeys(descending).getFirst()).isEqualTo("é-accent");
        assertThat(sortKeys(descending).getLast()).isEqualTo("Zulu");
    }

    @Test
    void sortKeyConditions_selectTheirRange() {
        var p = s("org");
        assertThat(sortKeys(query("pk = :p AND sk > :s", Map.of(":p", p, ":s", s("account#333")))))
                .containsExactly("account#444", "run#2026-01-01", "run#2026-01-02", "é-accent");
        assertThat(sortKeys(query("pk = :p AND sk >= :s", Map.of(":p", p, ":s", s("account#333")))))
                .startsWith("account#333");
        assertThat(sortKeys(query("pk = :p AND sk < :s", Map.of(":p", p, ":s", s("account#333")))))
                .containsExactly("Zulu", "account#222");
        assertThat(sortKeys(query("pk = :p AND begins_with(sk, :s)", Map.of(":p", p, ":s", s("run#")))))
                .containsExactly("run#2026-01-01", "run#2026-01-02");
        assertThat(sortKeys(query("sk BETWEEN :a AND :b AND pk = :p", Map.of(":p", p, ":a", s("account#300"),
                ":b", s("run#2026-01-01"))))).containsExactly("account#333", "account#444", "run#2026-01-01");
        assertThat(sortKeys(query("pk = :p AND sk = :s", Map.of(":p", p, ":s", s("account#222")))))
                .containsExactly("account#222");
        var reversedPrefix = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":p", p, ":s", s("account#"))).scanIndexForward(false));
        assertThat(sortKeys(reversedPrefix)).containsExactly("account#444", "account#333", "account#222");
    }

    @Test
    void numberSortKeys_orderNumerically() {
        for (String v : List.of("10", "2", "-1.5", "100")) {
            ddb.putItem(r -> r.tableName(NUMBERS).item(Map.of("pk", s("a"), "n", n(v))));
        }
        var response = ddb.query(r -> r.tableName(NUMBERS).keyConditionExpression("pk = :p AND n > :min")
                .expressionAttributeValues(Map.of(":p", s("a"), ":min", n("0"))));
        assertThat(response.items()).extracting(i -> i.get("n").n()).containsExactly("2", "10", "100");
    }

    @Test
    void limit_pagesWithLastEvaluatedKey_andExclusiveStartKeyContinues() {
        var seen = new ArrayList<String>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("org"))).limit(3).exclusiveStartKey(from));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            if (start != null) {
                assertThat(start).containsOnlyKeys("pk", "sk");
            }
            pages++;
        } while (start != null);
        // 7 items by 3: pages of 3, 3, 1; the third stops at the end of the partition.
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();

        // When the Limit is reached on the last item, LastEvaluatedKey is still returned: the next page is empty.
        var exact = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("org"))).limit(7));
        assertThat(exact.lastEvaluatedKey()).containsEntry("sk", s("é-accent"));
        var after = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("org"))).exclusiveStartKey(exact.lastEvaluatedKey()));
        assertThat(after.count()).isZero();
        assertThat(after.hasLastEvaluatedKey()).isFalse();

        // The SDK's paginator follows the same keys.
        var all = ddb.queryPaginator(QueryRequest.builder().tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("org"))).limit(2).build()).items().stream().toList();
        assertThat(all).hasSize(7);
    }

    @Test
    void pageOfOneMegabyte_stopsBeforeTheItemThatWouldExceedIt() {
        // Each item: "pk"(2)+"big"(3) + "sk"(2)+"nnn"(3) + "data"(4) + 100,000 = 100,014 bytes; 10 fit in 1,048,576.
        for (int i = 0; i < 25; i++) {
            String sk = String.format("%03d", i);
            ddb.putItem(r -> r.tableName(STATUS).item(item("big", sk, Map.of("data", s("x".repeat(100_000))))));
        }
        var first = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big"))));
        assertThat(first.count()).isEqualTo(10);
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("009"));
        var pages = ddb.queryPaginator(QueryRequest.builder().tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big"))).build()).stream().toList();
        assertThat(pages).extracting(QueryResponse::count).containsExactly(10, 10, 5);
        // The page budget counts items read, not items returned: a filter or projection does not widen it.
        var counted = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big"))).select(Select.COUNT));
        assertThat(counted.scannedCount()).isEqualTo(10);
        assertThat(counted.hasItems()).isFalse();
    }

    @Test
    void filterAndProjection_applyAfterTheRead() {
        var response = ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .filterExpression("kind = :k").projectionExpression("sk")
                .expressionAttributeValues(Map.of(":p", s("org"), ":k", s("run"))));
        assertThat(response.scannedCount()).isEqualTo(7);
        assertThat(response.count()).isEqualTo(2);
        assertThat(response.items()).allSatisfy(i -> assertThat(i).containsOnlyKeys("sk"));
    }

    @Test
    void keyConditionMistakes_areValidationErrors() {
        var e = Sdk.error(() -> query("sk = :s", Map.of(":s", s("x"))), "ValidationException", 400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Query condition missed key schema element: pk");
        Sdk.error(() -> query("pk <> :p", Map.of(":p", s("x"))), "ValidationException", 400);
        Sdk.error(() -> query("pk = :p AND kind = :k", Map.of(":p", s("x"), ":k", s("y"))), "ValidationException",
                400);
        var type = Sdk.error(() -> query("pk = :p", Map.of(":p", n("1"))), "ValidationException", 400);
        assertThat(type.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were invalid: "
                + "Condition parameter type does not match schema type");
        var filterOnKey = Sdk.error(() -> ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .filterExpression("sk = :s").expressionAttributeValues(Map.of(":p", s("org"), ":s", s("x")))),
                "ValidationException", 400);
        assertThat(filterOnKey.awsErrorDetails().errorMessage()).isEqualTo("Filter Expression can only contain "
                + "non-primary key attributes: Primary key attribute: sk");
        Sdk.error(() -> ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p").limit(0)
                .expressionAttributeValues(Map.of(":p", s("org")))), "ValidationException", 400);
        var outside = Sdk.error(() -> ddb.query(r -> r.tableName(STATUS).keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("org")))
                .exclusiveStartKey(Map.of("pk", s("other"), "sk", s("account#222")))), "ValidationException", 400);
        assertThat(outside.awsErrorDetails().errorMessage()).startsWith("The provided starting key");
    }
}
