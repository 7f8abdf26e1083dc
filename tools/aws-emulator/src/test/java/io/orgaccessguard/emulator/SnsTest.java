package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

class SnsTest {

    private static final String TOPIC = "arn:aws:sns:us-east-1:" + MGMT + ":alerts";

    private AwsEmulator aws;
    private SnsClient sns;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(4).build(), TestOrgs.standard());
        sns = Sdk.sns(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        sns.close();
        aws.close();
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private void publishExpectingInvalid(String subject, String message, String structure, String expectedMessage) {
        var e = Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).subject(subject).message(message)
                .messageStructure(structure)), "InvalidParameter", 400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(expectedMessage);
    }

    @Test
    void publish_jsonStructureWithAttributes_recordedForTests() {
        String message = "{\"default\":\"Account 222222222222 needs a person\",\"email\":\"long text\"}";
        String id = sns.publish(r -> r.topicArn(TOPIC).subject("Access role missing").message(message)
                .messageStructure("json").messageAttributes(Map.of("outcome", string("ROLE_MISSING"),
                        "count", MessageAttributeValue.builder().dataType("Number").stringValue("3").build())))
                .messageId();

        assertThat(aws.publishedMessages()).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.topicArn()).isEqualTo(TOPIC);
            assertThat(m.subject()).isEqualTo("Access role missing");
            assertThat(m.message()).isEqualTo(message);
            assertThat(m.messageStructure()).isEqualTo("json");
            assertThat(m.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("outcome", "ROLE_MISSING", "count", "3"));
            assertThat(m.callerArn()).isEqualTo("arn:aws:iam::" + MGMT + ":user/emulator-admin");
        });
    }

    @Test
    void publish_invalidSubject_invalidParameter() {
        for (String subject : new String[] {"x".repeat(101), "line\nbreak", "tab\there", "héllo", " leading space", ""}) {
            publishExpectingInvalid(subject, "m", null, "Invalid parameter: Subject");
        }
        sns.publish(r -> r.topicArn(TOPIC).subject("[guard] ok: 1 account").message("m"));
        sns.publish(r -> r.topicArn(TOPIC).subject("x".repeat(100)).message("m"));
        assertThat(aws.publishedMessages()).hasSize(2);
    }

    @Test
    void publish_jsonStructureProblems_invalidParameter() {
        publishExpectingInvalid("s1", "{\"email\":\"x\"}", "json",
                "Invalid parameter: Message Structure - No default entry in JSON message body");
        publishExpectingInvalid("s1", "not json", "json",
                "Invalid parameter: Message Structure - JSON message body failed to parse");
        publishExpectingInvalid("s1", "{\"default\":{\"nested\":1}}", "json",
                "Invalid parameter: Message Structure - JSON message body value for key 'default' is not a string");
        publishExpectingInvalid("s1", "{\"default\":\"x\"}", "xml", "Invalid parameter: MessageStructure");
    }

    @Test
    void publish_messageOverTheLimit_invalidParameter() {
        String big = "x".repeat(262_144 - 10);
        sns.publish(r -> r.topicArn(TOPIC).message(big));
        var e = Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message(big)
                .messageAttributes(Map.of("attribute", string("0123456789")))), "InvalidParameter", 400);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid parameter: Message too long");
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("")), "InvalidParameter", 400);
    }

    @Test
    void publish_invalidAttributes_invalidParameterValue() {
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(
                Map.of("AWS.reserved", string("v")))), "InvalidParameterValue", 400);
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(
                Map.of("bad name", string("v")))), "InvalidParameterValue", 400);
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(
                Map.of("n", MessageAttributeValue.builder().dataType("Integer").stringValue("1").build()))),
                "InvalidParameterValue", 400);
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(
                Map.of("n", MessageAttributeValue.builder().dataType("Number").stringValue("abc").build()))),
                "InvalidParameterValue", 400);
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(
                Map.of("n", MessageAttributeValue.builder().dataType("String").build()))), "InvalidParameterValue", 400);
        var eleven = new HashMap<String, MessageAttributeValue>();
        for (int i = 0; i < 11; i++) {
            eleven.put("a" + i, string("v"));
        }
        Sdk.error(() -> sns.publish(r -> r.topicArn(TOPIC).message("m").messageAttributes(eleven)),
                "InvalidParameterValue", 400);
        assertThat(aws.publishedMessages()).isEmpty();
    }

    @Test
    void publish_unknownTopicOrBadArn_notFoundOrInvalidParameter() {
        var e = Sdk.error(() -> sns.publish(r -> r.topicArn("arn:aws:sns:us-east-1:" + MGMT + ":missing").message("m")),
                "NotFound", 404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Topic does not exist");
        Sdk.error(() -> sns.publish(r -> r.topicArn("not-an-arn").message("m")), "InvalidParameter", 400);
    }

    @Test
    void publish_otherAccountsTopicWithoutPolicy_authorizationError() {
        try (SnsClient member = Sdk.sns(aws, aws.credentialsFor(PAYMENTS))) {
            Sdk.error(() -> member.publish(r -> r.topicArn(TOPIC).message("m")), "AuthorizationError", 403);
        }
        try (SnsClient weak = Sdk.sns(aws, aws.credentialsForRole(MGMT, "NoPermissions", "x1"))) {
            Sdk.error(() -> weak.publish(r -> r.topicArn(TOPIC).message("m")), "AuthorizationError", 403);
        }
        try (SnsClient lambda = Sdk.sns(aws, aws.credentialsForRole(MGMT, "LambdaRole", "fn"))) {
            lambda.publish(r -> r.topicArn(TOPIC).message("m"));
        }
        assertThat(aws.publishedMessages()).singleElement()
                .satisfies(m -> assertThat(m.callerArn()).endsWith(":assumed-role/LambdaRole/fn"));
    }

    @Test
    void createTopicSubscribeListTopics_roundTrip() {
        String arn = sns.createTopic(r -> r.name("second")).topicArn();
        assertThat(sns.createTopic(r -> r.name("second")).topicArn()).isEqualTo(arn);
        Sdk.error(() -> sns.createTopic(r -> r.name("bad name")), "InvalidParameter", 400);

        assertThat(sns.subscribe(r -> r.topicArn(arn).protocol("email").endpoint("ops@example.com"))
                .subscriptionArn()).isEqualTo("pending confirmation");
        assertThat(sns.subscribe(r -> r.topicArn(arn).protocol("sqs")
                .endpoint("arn:aws:sqs:us-east-1:" + MGMT + ":q")).subscriptionArn()).startsWith(arn + ":");
        Sdk.error(() -> sns.subscribe(r -> r.topicArn(arn).protocol("pigeon").endpoint("x")), "InvalidParameter", 400);
        Sdk.error(() -> sns.subscribe(r -> r.topicArn(arn + "x").protocol("email").endpoint("a@b.c")), "NotFound", 404);

        assertThat(sns.listTopics().topics()).extracting(t -> t.topicArn()).containsExactly(TOPIC, arn);
    }
}
