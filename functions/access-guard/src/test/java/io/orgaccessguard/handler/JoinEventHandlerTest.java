package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.JOINED_ACCOUNT_ID;
import static io.orgaccessguard.handler.HandlerFixtures.OVERSIZED_PAYLOAD;
import static io.orgaccessguard.handler.HandlerFixtures.SCHEDULED_EVENT;
import static io.orgaccessguard.handler.HandlerFixtures.configWithTopic;
import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static io.orgaccessguard.handler.HandlerFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinEventHandlerTest {

    private final InMemoryOrganization organization = new InMemoryOrganization();
    private final JoinEventHandler handler = new JoinEventHandler(HandlerFixtures.service(organization,
            new RecordingAnnouncer(configWithTopic().notifyOn()), configWithTopic()));
    private final TestContext context = new TestContext();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Map<?, ?> handle(String event) throws Exception {
        handler.handleRequest(payload(event), output, context);
        return response(output);
    }

    @Test
    void handleRequest_eventThatIsNotAJoin_writesASkippedReportWithoutCallingAws() throws Exception {
        Map<?, ?> response = handle(SCHEDULED_EVENT);

        assertThat(response.get("results")).asList().isEmpty();
        assertThat(response.get("summary")).isEqualTo(Map.of());
        assertThat((String) response.get("note")).contains("aws.events");
        assertThat(organization.calls()).isEmpty();
        assertThat(context.lines()).filteredOn(line -> line.level() != LogLevel.UNDEFINED).extracting(
                TestContext.Line::message).singleElement().satisfies(line -> {
            Map<?, ?> logged = (Map<?, ?>) Json.parse(line);
            assertThat(logged.get("type")).isEqualTo("note");
            assertThat((String) logged.get("message")).contains("aws.events");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"source\": ", "not json", ""})
    void handleRequest_malformedJson_writesASkippedReportWithoutCallingAws(String event) throws Exception {
        Map<?, ?> response = handle(event);

        assertThat((String) response.get("note")).startsWith("not valid JSON");
        assertThat(organization.calls()).isEmpty();
    }

    @Test
    void handleRequest_payloadOverTheLimit_writesASkippedReportWithoutCallingAws() throws Exception {
        Map<?, ?> response = handle(OVERSIZED_PAYLOAD);

        assertThat((String) response.get("note")).contains("larger than " + EventInput.MAX_PAYLOAD_BYTES + " bytes");
        assertThat(organization.calls()).isEmpty();
    }

    @Test
    void handleRequest_joinedAccountThatCannotBeChecked_failsTheInvocationNamingTheAccount() {
        organization.failNext("organizations:DescribeAccount", "ServiceException");

        JoinNotHandledException failure = catchThrowableOfType(JoinNotHandledException.class,
                () -> handler.handleRequest(payload(EventFiles.read("handshake-accepted.json")), output, context));

        assertThat(failure).hasMessageContaining(JOINED_ACCOUNT_ID)
                .hasMessageContaining("organizations:DescribeAccount failed: ServiceException");
        assertThat(organization.calls()).containsExactly(
                "organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID,
                "organizations:DescribeAccount " + JOINED_ACCOUNT_ID);
        assertThat(output.size()).isZero();
        assertThat(context.lines()).extracting(TestContext.Line::level).filteredOn(level -> level != LogLevel.UNDEFINED)
                .as("the result; the metrics are written without a level").containsExactly(LogLevel.ERROR);
        assertThat(EmfLinesTest.accounts(context.logLines(), "JOIN_EVENT", "FAILED"))
                .as("the failed join is counted before the invocation fails").contains(1);
    }

    @Test
    void handleRequest_joinNamingNoAccount_reconcilesRecentJoinsAndSaysSo() throws Exception {
        Map<?, ?> response = handle(EventFiles.read("account-joined-unknown-shape.json"));

        assertThat(organization.calls()).containsExactly(
                "organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID, "organizations:ListAccounts all");
        assertThat(response.get("results")).asList().isEmpty();
        assertThat((String) response.get("note")).contains("named no account")
                .contains("since 2026-11-19T09:14:03Z");
    }
}
