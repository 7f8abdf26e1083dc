package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamFunction.SamEvent;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.trigger.CheckRequestParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.RuleCompiler;

/**
 * The join rule's event pattern, evaluated by EventBridge's own matching library (event-ruler), matches every trigger
 * event of {@code events/} and none of the look-alikes in {@code lookalikes/}; the reconcile schedule sends a request
 * the manual-check function accepts, and is off when the parameter says so.
 */
class EventSourceDriftTest {

    private static SamEvent joinRule() {
        SamFunction function = Templates.load().function("JoinEventFunction");
        List<SamEvent> rules = function.events().values().stream().filter(e -> e.type().equals("EventBridgeRule"))
                .toList();
        assertThat(rules).as("JoinEventFunction's EventBridgeRule events").hasSize(1);
        return rules.getFirst();
    }

    private static String patternJson() {
        return Json.write(Templates.deployed(Map.of()).resolver().resolve(joinRule().properties().get("Pattern")));
    }

    private static Machine machine() throws IOException {
        Machine machine = new Machine();
        machine.addRule("AccountJoined", patternJson());
        return machine;
    }

    static Stream<String> triggerEvents() {
        return EventFiles.names().stream().filter(name -> !name.startsWith("manual-"));
    }

    static Stream<String> lookalikes() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(lookalikeFolder())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList()
                    .stream();
        }
    }

    private static Path lookalikeFolder() throws URISyntaxException {
        return Path.of(EventSourceDriftTest.class.getResource("/lookalikes").toURI());
    }

    @Test
    void joinRule_isOnTheDefaultBus_andItsPatternIsOneEventBridgeAccepts() {
        SamEvent rule = joinRule();
        assertThat(rule.properties().getOrDefault("EventBusName", "default")).as("the rule's bus: CloudTrail events"
                + " of Organizations arrive on the default bus").isEqualTo("default");
        assertThat(RuleCompiler.check(patternJson())).as("event-ruler's verdict on the pattern").isNull();
        assertThatCode(() -> RuleCompiler.compile(patternJson())).doesNotThrowAnyException();
        assertThat(triggerEvents()).as("trigger events in events/").isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("triggerEvents")
    void joinRule_matchesEveryTriggerEvent(String file) throws Exception {
        assertThat(machine().rulesForJSONEvent(EventFiles.read(file))).as("rules matching events/%s", file)
                .containsExactly("AccountJoined");
    }

    @ParameterizedTest
    @MethodSource("lookalikes")
    void joinRule_matchesNoLookalike(String file) throws Exception {
        String event = Files.readString(lookalikeFolder().resolve(file), StandardCharsets.UTF_8);
        assertThat(Json.parse(event)).as("lookalikes/%s is an EventBridge event", file)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsKeys("source", "detail-type", "detail", "account", "region", "time");

        assertThat(machine().rulesForJSONEvent(event)).as("rules matching lookalikes/%s", file).isEmpty();
    }

    @Test
    void lookalikes_includeEveryNearMissTheRuleMustReject() throws Exception {
        assertThat(lookalikes()).contains("handshake-declined.json", "handshake-accept-failed.json",
                "create-account-result.json", "account-removed.json", "account-left.json", "invite-account.json",
                "other-source.json", "scheduled-event.json");
    }

    @Test
    void reconcileSchedules_sendRequestsTheManualCheckFunctionAccepts() {
        SamTemplate template = Templates.load();

        CheckRequest start = CheckRequestParser.parse(Json.parse(String.valueOf(
                schedule(template, "Reconcile").properties().get("Input"))));
        CheckRequest resume = CheckRequestParser.parse(Json.parse(String.valueOf(
                schedule(template, "ReconcileContinue").properties().get("Input"))));

        assertThat(start.selection()).isEqualTo(new CheckRequest.ScheduledRun(CheckRequest.ScheduledRun.Phase.START));
        assertThat(resume.selection())
                .isEqualTo(new CheckRequest.ScheduledRun(CheckRequest.ScheduledRun.Phase.CONTINUE));
        assertThat(start.notifyMode()).isEqualTo(CheckRequest.NotifyMode.DIGEST);
    }

    @Test
    void reconcileSchedules_runOnTheParameterSchedule_andAreBothOffWhenItSaysOff() {
        SamTemplate on = Templates.deployed(Map.of("ReconcileSchedule", "cron(0 6 * * ? *)"));
        SamTemplate off = Templates.deployed(Map.of("ReconcileSchedule", "off"));

        for (String name : List.of("Reconcile", "ReconcileContinue")) {
            assertThat(schedule(on, name).properties()).as("SAM turns Enabled into a literal State, ignoring an !If"
                    + " in it; the schedule must say State").doesNotContainKey("Enabled");
            assertThat(on.resolver().resolve(schedule(on, name).properties().get("State"))).isEqualTo("ENABLED");
            assertThat(off.resolver().resolve(schedule(off, name).properties().get("State"))).as(name)
                    .isEqualTo("DISABLED");
        }
        assertThat(on.resolver().resolve(schedule(on, "Reconcile").properties().get("Schedule")))
                .isEqualTo("cron(0 6 * * ? *)");
        assertThat(on.resolver().resolve(schedule(on, "ReconcileContinue").properties().get("Schedule")))
                .as("often enough that a run too large for one invocation goes on within a quarter of an hour")
                .isEqualTo("rate(15 minutes)");
    }

    private static SamEvent schedule(SamTemplate template, String name) {
        List<SamEvent> schedules = template.function("ManualCheckFunction").events().values().stream()
                .filter(e -> e.type().equals("Schedule") || e.type().equals("ScheduleV2")).toList();
        assertThat(schedules).as("ManualCheckFunction's schedules").extracting(SamEvent::name)
                .containsExactlyInAnyOrder("Reconcile", "ReconcileContinue");
        return schedules.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
    }
}
