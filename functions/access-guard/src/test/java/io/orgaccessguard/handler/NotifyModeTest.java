package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_A;
import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_B;
import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_C;
import static io.orgaccessguard.handler.HandlerFixtures.configWithTopic;
import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static io.orgaccessguard.handler.HandlerFixtures.response;
import static io.orgaccessguard.handler.HandlerFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.handler.HandlerFixtures.DenyingSts;
import io.orgaccessguard.handler.HandlerFixtures.FakeContext;
import io.orgaccessguard.handler.HandlerFixtures.FakeOrganizations;
import io.orgaccessguard.handler.HandlerFixtures.RecordingSns;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * How a manual run's {@code notify} mode turns into SNS messages, through ManualCheckHandler: three active members
 * whose access role cannot be assumed (ROLE_MISSING, which the default NOTIFY_ON=changes wants a message for).
 */
class NotifyModeTest {

    private final FakeOrganizations organizations =
            new FakeOrganizations().withActiveMembers(MEMBER_A, MEMBER_B, MEMBER_C);
    private final DenyingSts sts = new DenyingSts();
    private final RecordingSns sns = new RecordingSns();
    private final ManualCheckHandler handler =
            new ManualCheckHandler(service(organizations, sts, sns, configWithTopic()));
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Map<?, ?> handle(String request) throws Exception {
        handler.handleRequest(payload(request), output, new FakeContext());
        return response(output);
    }

    @Test
    void handleRequest_accountListDefault_publishesOneMessagePerAccountResult() throws Exception {
        Map<?, ?> response = handle("{\"accountIds\": [\"" + MEMBER_A + "\", \"" + MEMBER_B + "\"]}");

        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 2));
        assertThat(sns.published).extracting(PublishRequest::subject).hasSize(2);
    }

    @Test
    void handleRequest_notifyNone_publishesNothingAndStillReports() throws Exception {
        Map<?, ?> response = handle("{\"all\": true, \"notify\": \"none\"}");

        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 3));
        assertThat(sns.published).isEmpty();
        assertThat(sts.roleArns).hasSize(3);
    }

    @Test
    void handleRequest_allAccountsWithDefaultDigest_publishesOneSummary() throws Exception {
        Map<?, ?> response = handle("{\"all\": true}");

        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 3));
        assertThat(sns.published).extracting(PublishRequest::subject).hasSize(1);
    }
}
