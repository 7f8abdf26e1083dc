package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.ACCOUNT_JOINED_UNKNOWN_SHAPE;
import static io.orgaccessguard.handler.HandlerFixtures.HANDSHAKE_ACCEPTED;
import static io.orgaccessguard.handler.HandlerFixtures.JOINED_ACCOUNT_ID;
import static io.orgaccessguard.handler.HandlerFixtures.OVERSIZED_PAYLOAD;
import static io.orgaccessguard.handler.HandlerFixtures.SCHEDULED_EVENT;
import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static io.orgaccessguard.handler.HandlerFixtures.response;
import static io.orgaccessguard.handler.HandlerFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.handler.HandlerFixtures.FakeContext;
import io.orgaccessguard.handler.HandlerFixtures.FakeOrganizations;
import io.orgaccessguard.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JoinEventHandlerTest {

    private final FakeOrganizations organizations = new FakeOrganizations();
    private final JoinEventHandler handler = new JoinEventHandler(service(organizations));
    private final FakeContext context = new FakeContext();
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
        assertThat((String) response.get("note")).contains("Scheduled Event");
        assertThat(organizations.calls).isEmpty();
        assertThat(context.logger.lines).singleElement().satisfies(line -> {
            Map<?, ?> logged = (Map<?, ?>) Json.parse(line);
            assertThat(logged.get("type")).isEqualTo("note");
            assertThat((String) logged.get("message")).contains("Scheduled Event");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"source\": ", "not json", ""})
    void handleRequest_malformedJson_writesASkippedReportWithoutCallingAws(String event) throws Exception {
        Map<?, ?> response = handle(event);

        assertThat((String) response.get("note")).startsWith("not valid JSON");
        assertThat(organizations.calls).isEmpty();
    }

    @Test
    void handleRequest_payloadOverTheLimit_writesASkippedReportWithoutCallingAws() throws Exception {
        Map<?, ?> response = handle(OVERSIZED_PAYLOAD);

        assertThat((String) response.get("note")).contains("larger than " + EventInput.MAX_PAYLOAD_BYTES + " bytes");
        assertThat(organizations.calls).isEmpty();
    }

    @Test
    void handleRequest_joinedAccountThatCannotBeChecked_failsTheInvocationNamingTheAccount() {
        JoinNotHandledException failure = catchThrowableOfType(JoinNotHandledException.class,
                () -> handler.handleRequest(payload(HANDSHAKE_ACCEPTED), output, context));

        assertThat(failure).hasMessageContaining(JOINED_ACCOUNT_ID)
                .hasMessageContaining("organizations:DescribeAccount failed: ServiceException");
        assertThat(organizations.calls).containsExactly("DescribeOrganization", "DescribeAccount " + JOINED_ACCOUNT_ID);
        assertThat(output.size()).isZero();
        assertThat(context.logger.levels).containsExactly(LogLevel.ERROR);
    }

    @Test
    void handleRequest_joinNamingNoAccount_reconcilesRecentJoinsAndSaysSo() throws Exception {
        Map<?, ?> response = handle(ACCOUNT_JOINED_UNKNOWN_SHAPE);

        assertThat(organizations.calls).containsExactly("DescribeOrganization", "ListAccounts");
        assertThat(response.get("results")).asList().isEmpty();
        assertThat((String) response.get("note")).contains("named no account")
                .contains("since 2026-11-19T09:14:03Z");
    }
}
