package io.orgaccessguard.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.trigger.TriggerEventParser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The EventBridge envelope as aws-lambda-java-events types it, made from the payload the join handler reads. */
class EventBridgeEventTest {

    static List<String> eventFiles() {
        return EventFiles.names().stream().filter(name -> !name.startsWith("manual-")).toList();
    }

    @Test
    void of_accountJoinedEvent_carriesEveryEnvelopeFieldAndTheDetailAsItWas() {
        Map<?, ?> tree = (Map<?, ?>) Json.parse(EventFiles.read("account-joined.json"));

        ScheduledEvent event = EventBridgeEvent.of(tree).orElseThrow();

        assertThat(event.getVersion()).isEqualTo("0");
        assertThat(event.getId()).isEqualTo("3e6c6f4e-6a0b-4b59-9d4e-0c1f5b2a7d10");
        assertThat(event.getDetailType()).isEqualTo("AWS Service Event via CloudTrail");
        assertThat(event.getSource()).isEqualTo("aws.organizations");
        assertThat(event.getAccount()).isEqualTo("111111111111");
        assertThat(event.getRegion()).isEqualTo("us-east-1");
        assertThat(event.getResources()).isEmpty();
        assertThat(event.getTime()).as("left out: see EventBridgeEvent").isNull();
        assertThat(EventBridgeEvent.time(tree)).contains(Instant.parse("2026-11-20T09:14:03Z"));
        assertThat(event.getDetail()).isEqualTo(tree.get("detail"));
    }

    /** The handler's path (the library's type, then the detail) reads every example event as the whole tree does. */
    @ParameterizedTest
    @MethodSource("eventFiles")
    void of_everyExampleEvent_givesTheTriggerTheWholeEventGives(String file) {
        Object tree = Json.parse(EventFiles.read(file));
        ScheduledEvent event = EventBridgeEvent.of(tree).orElseThrow();

        Trigger trigger = TriggerEventParser.parse(event.getSource(), event.getDetailType(), event.getDetail(),
                EventBridgeEvent.time(tree));

        assertThat(trigger).isInstanceOf(Trigger.AccountJoined.class).isEqualTo(TriggerEventParser.parse(tree));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"aws.organizations\"", "42", "null", "{}", "{\"detail\": \"AcceptHandshake\"}",
            "{\"detail\": [{}]}"})
    void of_payloadWithoutAnObjectDetail_isEmptySoTheParserSaysWhatItIs(String payload) {
        assertThat(EventBridgeEvent.of(Json.parse(payload))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-11-20", ""})
    void of_unreadableTime_isNoTime(String time) {
        Object tree = Json.parse(EventFiles.edit("account-joined.json").set("time", time).json());

        assertThat(EventBridgeEvent.time(tree)).isEmpty();
    }

    @Test
    void of_fieldsOfAnotherType_areLeftEmpty() {
        Object tree = Json.parse("{\"source\": 7, \"detail-type\": [], \"time\": 1, \"resources\": \"x\","
                + " \"detail\": {}}");

        ScheduledEvent event = EventBridgeEvent.of(tree).orElseThrow();

        assertThat(event.getSource()).isNull();
        assertThat(event.getDetailType()).isNull();
        assertThat(event.getResources()).isNull();
        assertThat(TriggerEventParser.parse(event.getSource(), event.getDetailType(), event.getDetail(),
                EventBridgeEvent.time(tree))).isEqualTo(TriggerEventParser.parse(tree));
    }
}
