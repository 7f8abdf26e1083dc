package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.StorageOrgs.HASH_ONLY;
import static io.orgaccessguard.emulator.StorageOrgs.MGMT;
import static io.orgaccessguard.emulator.StorageOrgs.PROVISIONED;
import static io.orgaccessguard.emulator.StorageOrgs.STATUS;
import static io.orgaccessguard.emulator.StorageOrgs.STATUS_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * DynamoDB single-item operations through the real SDK client: GetItem, PutItem, DeleteItem, conditions, validation,
 * limits, authorization and throttling. API reference: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
 * (API_GetItem.html, API_PutItem.html, API_DeleteItem.html).
 */
class DynamoDbItemTest {

    private AwsEmulator aws;
    private DynamoDbClient ddb;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(5).build(), StorageOrgs.seed());
        ddb = Sdk.dynamodb(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        ddb.close();
        aws.close();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> more) {
        var item = new HashMap<>(key(pk, sk));
        item.putAll(more);
        return item;
    }

    private void put(Map<String, AttributeValue> item) {
        ddb.putItem(r -> r.tableName(STATUS).item(item));
    }

    private void validation(Runnable call, String message) {
        var e = Sdk.error(call::run, "ValidationException", 400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    @Test
    void putThenGet_everyAttributeType_roundTripsAndReadsBack() {
        var item = item("account#222222222222", "status", Map.of(
                "outcome", s("ACCESS_VERIFIED"), "checks", n("010.50"), "enabled", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "detail", AttributeValue.fromM(Map.of("role", s("OrganizationAccountAccessRole"), "age", n("3"))),
                "history", AttributeValue.fromL(List.of(s("ROLE_MISSING"), n("2"))),
                "tags", AttributeValue.fromSs(List.of("a", "b")), "codes", AttributeValue.fromNs(List.of("1", "2")),
                "blob", AttributeValue.fromB(SdkBytes.fromUtf8String("raw")), "empty", s("")));
        put(item);

        var got = ddb.getItem(r -> r.tableName(STATUS).key(key("account#222222222222", "status"))
                .consistentRead(true)).item();
        // DynamoDB trims leading and trailing zeros of numbers (CapacityUnitCalculations.html).
        assertThat(got).containsEntry("checks", n("10.5")).containsEntry("detail", item.get("detail"))
                .containsEntry("history", item.get("history")).containsEntry("nothing", AttributeValue.fromNul(true))
                .containsEntry("blob", item.get("blob")).containsEntry("empty", s(""));
        assertThat(got.get("tags").ss()).containsExactlyInAnyOrder("a", "b");

        assertThat(aws.dynamoItems(MGMT, STATUS)).singleElement().satisfies(stored -> {
            assertThat(stored).containsEntry("outcome", "ACCESS_VERIFIED")
                    .containsEntry("checks", new BigDecimal("10.5")).containsEntry("enabled", true)
                    .containsEntry("tags", Set.of("a", "b"));
            assertThat(stored.get("nothing")).isNull();
            assertThat(stored).containsKey("nothing");
        });
        assertThat(aws.calls()).extracting(CallRecord::action).containsExactly("PutItem", "GetItem");
        assertThat(aws.calls().getFirst().parameters()).containsEntry("TableName", STATUS);
    }

    @Test
    void getItem_missingItem_answersNoItem_andProjectionNarrowsTheItem() {
        assertThat(ddb.getItem(r -> r.tableName(STATUS).key(key("nobody", "status"))).hasItem()).isFalse();

        put(item("a", "status", Map.of("status", s("OK"), "since", s("2026-01-01"),
                "detail", AttributeValue.fromM(Map.of("x", n("1"), "y", n("2"))))));
        var got = ddb.getItem(r -> r.tableName(STATUS).key(key("a", "status"))
                .projectionExpression("#s, detail.y").expressionAttributeNames(Map.of("#s", "status"))).item();
        assertThat(got).containsOnlyKeys("status", "detail");
        assertThat(got.get("detail").m()).containsOnlyKeys("y");
    }

    @Test
    void putItem_attributeNotExists_createsOnce_thenConditionalCheckFailed() {
        PutItemRequest create = PutItemRequest.builder().tableName(STATUS)
                .item(item("a", "status", Map.of("v", n("1")))).conditionExpression("attribute_not_exists(pk)").build();
        ddb.putItem(create);

        var e = Sdk.error(() -> ddb.putItem(create.toBuilder().item(item("a", "status", Map.of("v", n("2")))).build()),
                "ConditionalCheckFailedException", 400);
        assertThat(e).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
        assertThat(aws.dynamoItems(MGMT, STATUS)).singleElement()
                .satisfies(i -> assertThat(i).containsEntry("v", BigDecimal.ONE));
    }

    @Test
    void putItem_conditionsWithComparisonsAndLogic_evaluateAsDynamoDbDoes() {
        put(item("a", "status", Map.of("version", n("5"), "outcome", s("ROLE_MISSING"), "count", n("10"))));
        Map<String, String> names = Map.of("#o", "outcome", "#v", "version");

        // Each pair: condition, expected to hold on the stored item.
        var cases = new java.util.LinkedHashMap<String, Boolean>();
        cases.put("#v = :five", true);
        cases.put("#v <> :five", false);
        cases.put("#v < :ten", true);       // numbers compare by value: 5 < 10 (as strings "5" > "10")
        cases.put("#v <= :five", true);
        cases.put("#v > :ten", false);
        cases.put("#v >= :five", true);
        cases.put("#o > :access", true);    // strings by UTF-8 bytes: "ROLE..." > "ACCESS..."
        cases.put("#o < :access", false);
        cases.put("#v = :five AND #o = :missing", true);
        cases.put("#v = :ten OR #o = :missing", true);
        cases.put("NOT (#v = :five)", false);
        cases.put("NOT #v = :ten AND (#o = :access OR #v BETWEEN :five AND :ten)", true);
        cases.put("attribute_exists(#o) AND attribute_not_exists(gone)", true);
        cases.put("gone <> :five", true);   // a missing attribute is not equal to anything
        cases.put("gone = :five OR gone < :ten", false);
        cases.put("#v < :access", false);   // different types never order
        cases.put("begins_with(#o, :prefix) AND contains(#o, :part)", true);
        cases.put("#o IN (:access, :missing)", true);
        cases.put("size(#o) = :twelve AND attribute_type(#v, :numberType)", true);
        for (var c : cases.entrySet()) {
            Map<String, AttributeValue> values = new HashMap<>();
            var all = Map.of(":five", n("5"), ":ten", n("10"), ":access", s("ACCESS_VERIFIED"),
                    ":missing", s("ROLE_MISSING"), ":prefix", s("ROLE_"), ":part", s("MISS"), ":twelve", n("12"),
                    ":numberType", s("N"));
            all.forEach((k, v) -> {
                if (c.getKey().contains(k)) {
                    values.put(k, v);
                }
            });
            var usedNames = new HashMap<String, String>();
            names.forEach((k, v) -> {
                if (c.getKey().contains(k)) {
                    usedNames.put(k, v);
                }
            });
            Runnable write = () -> ddb.putItem(r -> r.tableName(STATUS)
                    .item(item("a", "status", Map.of("version", n("5"), "outcome", s("ROLE_MISSING"), "count", n("10"))))
                    .conditionExpression(c.getKey()).expressionAttributeValues(values.isEmpty() ? null : values)
                    .expressionAttributeNames(usedNames.isEmpty() ? null : usedNames));
            if (c.getValue()) {
                write.run();
            } else {
                Sdk.error(write::run, "ConditionalCheckFailedException", 400);
            }
        }
    }

    @Test
    void versionGuard_attributeNotExistsOrLower_isTheUsualOptimisticLock() {
        String guard = "attribute_not_exists(#v) OR #v < :v";
        Runnable write2 = () -> ddb.putItem(r -> r.tableName(STATUS).item(item("a", "status", Map.of("version", n("2"))))
                .conditionExpression(guard).expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(Map.of(":v", n("2"))));
        write2.run();
        Sdk.error(write2::run, "ConditionalCheckFailedException", 400);
    }

    @Test
    void expressionMistakes_areValidationErrors_withDynamoDbsWording() {
        Map<String, AttributeValue> it = item("a", "status", Map.of());
        // "status" is a reserved word (ReservedWords.html): it must go through an ExpressionAttributeNames placeholder.
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("attribute_not_exists(status)")),
                "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("v = :v")),
                "Invalid ConditionExpression: An expression attribute value used in expression is not defined; "
                        + "attribute value: :v");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("#v = :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; "
                        + "attribute name: #v");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("v = :v")
                        .expressionAttributeValues(Map.of(":v", n("1"), ":unused", n("2")))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("v = :v")
                        .expressionAttributeNames(Map.of("#n", "v")).expressionAttributeValues(Map.of(":v", n("1")))),
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("v = = :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
                "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("begins_with(v, :n)")
                        .expressionAttributeValues(Map.of(":n", n("1")))),
                "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: "
                        + "begins_with, operand type: N");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("v BETWEEN :hi AND :lo")
                        .expressionAttributeValues(Map.of(":hi", n("5"), ":lo", n("1")))),
                "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to "
                        + "lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: "
                        + "AttributeValue: {N:1}");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).expressionAttributeValues(Map.of(":v", n("1")))),
                "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null");
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(it).conditionExpression("ATTRIBUTE_EXISTS(v)")),
                "Invalid ConditionExpression: Invalid function name; function: ATTRIBUTE_EXISTS");
        assertThat(aws.dynamoItems(MGMT, STATUS)).isEmpty();
    }

    @Test
    void returnValues_allOldOnly_andTheOldItemOnAFailedCondition() {
        put(item("a", "status", Map.of("v", n("1"))));
        var old = ddb.putItem(r -> r.tableName(STATUS).item(item("a", "status", Map.of("v", n("2"))))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(old).containsEntry("v", n("1"));
        validation(() -> ddb.putItem(r -> r.tableName(STATUS).item(item("a", "status", Map.of()))
                .returnValues(ReturnValue.ALL_NEW)), "ReturnValues can only be ALL_OLD or NONE");

        var failed = (ConditionalCheckFailedException) Sdk.error(() -> ddb.putItem(r -> r.tableName(STATUS)
                .item(item("a", "status", Map.of("v", n("3")))).conditionExpression("attribute_not_exists(pk)")
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)),
                "ConditionalCheckFailedException", 400);
        assertThat(failed.item()).containsEntry("v", n("2"));
    }

    @Test
    void deleteItem_withCondition_deletesOnlyWhenItHolds() {
        put(item("a", "status", Map.of("outcome", s("ROLE_MISSING"))));
        Sdk.error(() -> ddb.deleteItem(r -> r.tableName(STATUS).key(key("a", "status"))
                .conditionExpression("outcome = :ok").expressionAttributeValues(Map.of(":ok", s("OK")))),
                "ConditionalCheckFailedException", 400);
        assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(1);

        var deleted = ddb.deleteItem(r -> r.tableName(STATUS).key(key("a", "status"))
                .conditionExpression("outcome = :m").expressionAttributeValues(Map.of(":m", s("ROLE_MISSING")))
                .returnValues(ReturnValue.ALL_OLD)).attributes();
        assertThat(deleted).containsEntry("outcome", s("ROLE_MISSING"));
        assertThat(aws.dynamoItems(MGMT, STATUS)).isEmpty();
        // Deleting what is not there succeeds, unless a condition requires it to exist.
        ddb.deleteItem(r -> r.tableName(STATUS).key(key("a", "status")));
        Sdk.error(() -> ddb.deleteItem(r -> r.tableName(STATUS).key(key("a", "status"))
                .conditionExpression("attribute_exists(pk)")), "ConditionalCheckFailedException", 400);
    }

    @Test
    void keys_mustMatchTheSchema_andKeyStringsMustNotBeEmpty() {
        validation(() -> put(Map.of("pk", s("a"))),
                "One or more parameter values were invalid: Missing the key sk in the item");
        validation(() -> put(Map.of("pk", n("1"), "sk", s("b"))),
                "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
        validation(() -> put(Map.of("pk", s(""), "sk", s("b"))), "One or more parameter values are not valid. The "
                + "AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
        validation(() -> ddb.getItem(r -> r.tableName(STATUS).key(Map.of("pk", s("a")))),
                "The provided key element does not match the schema");
        validation(() -> ddb.getItem(r -> r.tableName(STATUS).key(Map.of("pk", s("a"), "sk", s("b"), "x", s("c")))),
                "The provided key element does not match the schema");
        validation(() -> ddb.deleteItem(r -> r.tableName(STATUS).key(Map.of("pk", s("a"), "sk", s("")))),
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an "
                        + "empty string value. Key: sk");
        // A table with a partition key only.
        ddb.putItem(r -> r.tableName(HASH_ONLY).item(Map.of("id", s("x"), "v", n("1"))));
        assertThat(ddb.getItem(r -> r.tableName(HASH_ONLY).key(Map.of("id", s("x")))).item()).containsEntry("v", n("1"));
        validation(() -> ddb.getItem(r -> r.tableName(HASH_ONLY).key(key("x", "y"))),
                "The provided key element does not match the schema");
    }

    @Test
    void attributeValues_invalidShapes_areRefused() {
        validation(() -> put(item("a", "b", Map.of("set", AttributeValue.fromSs(List.of())))),
                "One or more parameter values were invalid: An string set  may not be empty");
        validation(() -> put(item("a", "b", Map.of("set", AttributeValue.fromSs(List.of("x", "x"))))),
                "One or more parameter values were invalid: Input collection contains duplicates");
        validation(() -> put(item("a", "b", Map.of("n", n("not-a-number")))),
                "A value provided cannot be converted into a number");
        validation(() -> put(item("a", "b", Map.of("n", n("1".repeat(39))))),
                "Attempting to store more than 38 significant digits in a Number");
        validation(() -> put(item("a", "b", Map.of("nul", AttributeValue.fromNul(false)))),
                "One or more parameter values were invalid: Null attribute value types must have the value of true");
    }

    /**
     * "The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length)
     * and attribute value lengths" (ServiceQuotas.html); strings count their UTF-8 bytes (CapacityUnitCalculations.html).
     * pk="a" (2+1) + sk="b" (2+1) + "data" (4) leave 409,590 bytes for the value.
     */
    @Test
    void itemSize_exactly400KbIsAccepted_oneByteMoreIsNot() {
        put(item("a", "b", Map.of("data", s("x".repeat(409_590)))));
        validation(() -> put(item("a", "c", Map.of("data", s("x".repeat(409_591))))),
                "Item size has exceeded the maximum allowed size");
        // Multi-byte characters count by their UTF-8 bytes: 204,795 two-byte characters are 409,590 bytes.
        put(item("a", "d", Map.of("data", s("é".repeat(204_795)))));
        validation(() -> put(item("a", "e", Map.of("data", s("é".repeat(204_796))))),
                "Item size has exceeded the maximum allowed size");
        assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(2);
    }

    @Test
    void keySizes_partitionKeyTo2048Bytes_sortKeyTo1024Bytes() {
        put(Map.of("pk", s("p".repeat(2048)), "sk", s("s".repeat(1024))));
        validation(() -> put(Map.of("pk", s("p".repeat(2049)), "sk", s("s"))),
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit "
                        + "of2048 bytes");
        validation(() -> put(Map.of("pk", s("p"), "sk", s("s".repeat(1025)))),
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size "
                        + "limit of 1024 bytes");
    }

    @Test
    void tables_unknownIsResourceNotFound_badNameIsValidation() {
        var e = Sdk.error(() -> ddb.getItem(r -> r.tableName("no-such-table").key(key("a", "b"))),
                "ResourceNotFoundException", 400);
        assertThat(e).isInstanceOf(ResourceNotFoundException.class);
        validation(() -> ddb.getItem(r -> r.tableName("ab").key(key("a", "b"))),
                "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must "
                        + "have length greater than or equal to 3");
        // A table ARN names the table as well as its name does.
        put(item("a", "b", Map.of()));
        assertThat(ddb.getItem(r -> r.tableName(STATUS_ARN).key(key("a", "b"))).hasItem()).isTrue();
        // Tables are regional: the same name in another region is another (here missing) table.
        try (DynamoDbClient west = DynamoDbClient.builder().endpointOverride(aws.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_WEST_2).credentialsProvider(Sdk.provider(
                        aws.credentialsFor(MGMT))).httpClient(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            Sdk.error(() -> west.getItem(r -> r.tableName(STATUS).key(key("a", "b"))), "ResourceNotFoundException",
                    400);
        }
    }

    @Test
    void identityPolicies_decidePerActionOnTheTableArn() {
        put(item("a", "status", Map.of()));
        try (DynamoDbClient reader = Sdk.dynamodb(aws, aws.credentialsForRole(MGMT, "StatusReader", "r"));
             DynamoDbClient writer = Sdk.dynamodb(aws, aws.credentialsForRole(MGMT, "StatusWriter", "w"));
             DynamoDbClient none = Sdk.dynamodb(aws, aws.credentialsForRole(MGMT, "NoPermissions", "n"))) {
            assertThat(reader.getItem(r -> r.tableName(STATUS).key(key("a", "status"))).hasItem()).isTrue();
            var denied = Sdk.error(() -> reader.putItem(r -> r.tableName(STATUS).item(item("b", "status", Map.of()))),
                    "AccessDeniedException", 400);
            assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + MGMT
                    + ":assumed-role/StatusReader/r is not authorized to perform: dynamodb:PutItem on resource: "
                    + STATUS_ARN + " because no identity-based policy allows the dynamodb:PutItem action");
            // The reader's grant is for this table only.
            Sdk.error(() -> reader.getItem(r -> r.tableName(PROVISIONED).key(key("a", "status"))),
                    "AccessDeniedException", 400);
            writer.putItem(r -> r.tableName(STATUS).item(item("b", "status", Map.of())));
            var explicit = Sdk.error(() -> writer.deleteItem(r -> r.tableName(STATUS).key(key("b", "status"))),
                    "AccessDeniedException", 400);
            assertThat(explicit.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based "
                    + "policy");
            // Authorization comes before existence: no permission, no "not found".
            Sdk.error(() -> none.getItem(r -> r.tableName("no-such-table").key(key("a", "b"))),
                    "AccessDeniedException", 400);
        }
        assertThat(aws.dynamoItems(MGMT, STATUS)).hasSize(2);
    }

    @Test
    void otherAccountsTables_needAResourcePolicy_theEmulatorSeedsNone() {
        try (DynamoDbClient member = Sdk.dynamodb(aws, aws.credentialsFor(StorageOrgs.MEMBER))) {
            var e = Sdk.error(() -> member.getItem(r -> r.tableName(STATUS_ARN).key(key("a", "b"))),
                    "AccessDeniedException", 400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("because no resource-based policy allows");
            // By name, the table is looked up in the caller's own account, where there is none.
            Sdk.error(() -> member.getItem(r -> r.tableName(STATUS).key(key("a", "b"))), "ResourceNotFoundException",
                    400);
        }
    }

    /**
     * API_BatchWriteItem: provisioned tables answer ProvisionedThroughputExceededException, and "for all tables ... other
     * throttling scenarios (such as exceeding partition level limits) ... ThrottlingException": an on-demand table has
     * no provisioned throughput to exceed. Both carry the reason and table ARN (API_ThrottlingReason.html).
     */
    @Test
    void throttling_onDemandAnswersThrottlingException_provisionedAnswersProvisionedThroughputExceeded() {
        try (AwsEmulator throttled = AwsEmulator.start(EmulatorOptions.builder().throttle("dynamodb", 1).build(),
                StorageOrgs.seed()); DynamoDbClient client = Sdk.dynamodb(throttled, throttled.credentialsFor(MGMT))) {
            client.getItem(r -> r.tableName(STATUS).key(key("a", "b")));
            var onDemand = (ThrottlingException) Sdk.error(() -> client.putItem(r -> r.tableName(STATUS)
                    .item(item("a", "b", Map.of()))), "ThrottlingException", 400);
            assertThat(onDemand.throttlingReasons()).singleElement().satisfies(reason -> {
                assertThat(reason.reason()).isEqualTo("TableWriteKeyRangeThroughputExceeded");
                assertThat(reason.resource()).isEqualTo(STATUS_ARN);
            });
            var provisioned = (ProvisionedThroughputExceededException) Sdk.error(() -> client.getItem(r -> r
                    .tableName(PROVISIONED).key(key("a", "b"))), "ProvisionedThroughputExceededException", 400);
            assertThat(provisioned.throttlingReasons()).singleElement().satisfies(reason ->
                    assertThat(reason.reason()).isEqualTo("TableReadProvisionedThroughputExceeded"));
            assertThat(throttled.dynamoItems(MGMT, STATUS)).isEmpty();
        }
    }

    @Test
    void consumedCapacity_countsReadAndWriteUnits() {
        var put = ddb.putItem(r -> r.tableName(STATUS).item(item("a", "b", Map.of("data", s("x".repeat(1500)))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        // 1 + 1 + 2 + 1 + 4 + 1,500 = 1,509 bytes: two 1 KB write units.
        assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(2.0);
        assertThat(put.consumedCapacity().tableName()).isEqualTo(STATUS);
        var get = ddb.getItem(r -> r.tableName(STATUS).key(key("a", "b"))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        assertThat(get.consumedCapacity().capacityUnits()).isEqualTo(0.5); // eventually consistent, under 4 KB
    }

    @Test
    void authentication_wrongSecretOrUnknownKey_areDynamoDbsFourHundreds() {
        AwsCredentials real = aws.credentialsFor(MGMT);
        try (DynamoDbClient wrong = DynamoDbClient.builder().endpointOverride(aws.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(real.accessKeyId(),
                        "wrong-secret"))).httpClient(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
             DynamoDbClient unknown = DynamoDbClient.builder().endpointOverride(aws.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWN0000000000",
                        "x"))).httpClient(
                        software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build()) {
            Sdk.error(() -> wrong.getItem(r -> r.tableName(STATUS).key(key("a", "b"))), "InvalidSignatureException", 400);
            Sdk.error(() -> unknown.getItem(r -> r.tableName(STATUS).key(key("a", "b"))), "UnrecognizedClientException",
                    400);
        }
    }

    @Test
    void seededItems_areReadableThroughTheApi() throws Exception {
        aws.putDynamoItem(MGMT, STATUS, Map.of("pk", "account#333333333333", "sk", "status", "outcome", "ROLE_MISSING",
                "count", 3));
        var got = ddb.getItem(r -> r.tableName(STATUS).key(key("account#333333333333", "status"))).item();
        assertThat(got).containsEntry("outcome", s("ROLE_MISSING")).containsEntry("count", n("3"));
        assertThat(aws.dynamoItemsJson(MGMT, STATUS)).singleElement().asString()
                .contains("\"outcome\":{\"S\":\"ROLE_MISSING\"}");
        // Out-of-process users read the same through the unsigned admin endpoint.
        assertThat(adminGet("/_emulator/dynamodb/items?account=" + MGMT + "&table=" + STATUS))
                .contains("\"outcome\":{\"S\":\"ROLE_MISSING\"}");
        assertThat(adminGet("/_emulator/dynamodb/items?account=" + MGMT + "&table=nope")).contains("nothing at");
    }

    private String adminGet(String pathAndQuery) throws Exception {
        try (var client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(aws.endpoint() + pathAndQuery))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
