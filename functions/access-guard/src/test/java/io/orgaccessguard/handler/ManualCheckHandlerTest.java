package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.JOINED_ACCOUNT_ID;
import static io.orgaccessguard.handler.HandlerFixtures.OVERSIZED_PAYLOAD;
import static io.orgaccessguard.handler.HandlerFixtures.configWithTopic;
import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static io.orgaccessguard.handler.HandlerFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.orgaccessguard.core.model.InvalidRequestException;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ManualCheckHandlerTest {

    private final InMemoryOrganization organization = new InMemoryOrganization();
    private final ManualCheckHandler handler = new ManualCheckHandler(HandlerFixtures.service(organization,
            new RecordingAnnouncer(configWithTopic().notifyOn()), configWithTopic()), configWithTopic());
    private final TestContext context = new TestContext();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private InvalidRequestException refusal(String request) {
        return catchThrowableOfType(InvalidRequestException.class,
                () -> handler.handleRequest(payload(request), output, context));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|accountIds",
            "{\"accountIds\": [\"12345678901\"]}|accountIds[0]",
            "{\"accountIds\": [\"444444444444\", 444444444444]}|accountIds[1]",
            "{\"all\": true, \"accountId\": \"444444444444\"}|accountId",
            "{\"organizationalUnitId\": \"ou-x\"}|organizationalUnitId",
            "{\"all\": true, \"dryRun\": \"yes\"}|dryRun",
            "{\"all\": true, \"notify\": \"sms\"}|notify",
            "[\"444444444444\"]|''"})
    void handleRequest_requestThatDoesNotFit_throwsNamingTheFieldBeforeAnyServiceCall(String request, String field) {
        InvalidRequestException refusal = refusal(request);

        assertThat(refusal).isNotNull();
        assertThat(refusal.field()).isEqualTo(field);
        assertThat(organization.calls()).isEmpty();
        assertThat(output.size()).isZero();
    }

    @Test
    void handleRequest_malformedJson_throwsWithoutAFieldBeforeAnyServiceCall() {
        InvalidRequestException refusal = refusal("{\"accountIds\": [\"444444444444\"");

        assertThat(refusal.field()).isEmpty();
        assertThat(refusal).hasMessageStartingWith("not valid JSON");
        assertThat(organization.calls()).isEmpty();
    }

    @Test
    void handleRequest_payloadOverTheLimit_throwsWithoutAFieldBeforeAnyServiceCall() {
        InvalidRequestException refusal = refusal(OVERSIZED_PAYLOAD);

        assertThat(refusal.field()).isEmpty();
        assertThat(refusal).hasMessageContaining("larger than " + EventInput.MAX_PAYLOAD_BYTES + " bytes");
        assertThat(organization.calls()).isEmpty();
    }

    @Test
    void handleRequest_validRequest_checksTheAccountThroughOrganizationsAndWritesTheReport() throws Exception {
        organization.failNext("organizations:DescribeAccount", "ServiceException");

        handler.handleRequest(payload(EventFiles.read("manual-recheck.json")), output, context);

        assertThat(organization.calls()).containsExactly(
                "organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID,
                "organizations:DescribeAccount " + JOINED_ACCOUNT_ID);
        Map<?, ?> response = response(output);
        assertThat(response.get("summary")).isEqualTo(Map.of("FAILED", 1));
        List<?> results = (List<?>) response.get("results");
        assertThat(results).singleElement().satisfies(result -> {
            assertThat(((Map<?, ?>) result).get("accountId")).isEqualTo(JOINED_ACCOUNT_ID);
            assertThat(((Map<?, ?>) result).get("outcome")).isEqualTo("FAILED");
            assertThat((String) ((Map<?, ?>) result).get("reason"))
                    .startsWith("organizations:DescribeAccount failed: ServiceException");
        });
    }

    @Test
    void handleRequest_profilesAsked_answersTheProfileOfEachCheckedAccountThatCanBeEntered() throws Exception {
        organization.member("222222222222").name("Payments Prod").accessRoleMadeByHand();
        organization.member("333333333333").name("Marketing Sandbox");

        handler.handleRequest(payload("{\"accountIds\": [\"222222222222\", \"333333333333\"], \"profiles\": true}"),
                output, context);

        String awsConfig = (String) response(output).get("awsConfig");
        assertThat(awsConfig).contains("[profile payments-prod]\n"
                + "role_arn = arn:aws:iam::222222222222:role/OrganizationAccountAccessRole\n"
                + "source_profile = management\n"
                + "region = us-east-1\n").doesNotContain("333333333333:role");
        assertThat(awsConfig.lines().filter(line -> line.startsWith("[profile "))).hasSize(1);
    }

    @Test
    void handleRequest_profilesNotAsked_answersNone() throws Exception {
        organization.member("222222222222").accessRoleMadeByHand();

        handler.handleRequest(payload("{\"accountIds\": [\"222222222222\"]}"), output, context);

        assertThat(response(output).containsKey("awsConfig")).isFalse();
    }
}
