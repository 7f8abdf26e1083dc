package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_A;
import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_B;
import static io.orgaccessguard.handler.HandlerFixtures.MEMBER_C;
import static io.orgaccessguard.handler.HandlerFixtures.configWithTopic;
import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static io.orgaccessguard.handler.HandlerFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a manual run's {@code notify} mode turns into SNS messages, through ManualCheckHandler: three active members
 * whose access role cannot be assumed (ROLE_MISSING, which the default NOTIFY_ON=changes wants a message for).
 */
class NotifyModeTest {

    private final InMemoryOrganization organization = new InMemoryOrganization();
    private final RecordingAnnouncer announcer = new RecordingAnnouncer(configWithTopic().notifyOn());
    private final ManualCheckHandler handler =
            new ManualCheckHandler(HandlerFixtures.service(organization, announcer, configWithTopic()),
                    configWithTopic());

    NotifyModeTest() {
        List.of(MEMBER_A, MEMBER_B, MEMBER_C).forEach(organization::member);
    }
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Map<?, ?> handle(String request) throws Exception {
        handler.handleRequest(payload(request), output, new TestContext());
        return response(output);
    }

    @Test
    void handleRequest_accountListDefault_publishesOneMessagePerAccountResult() throws Exception {
        Map<?, ?> response = handle("{\"accountIds\": [\"" + MEMBER_A + "\", \"" + MEMBER_B + "\"]}");

        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 2));
        assertThat(announcer.announced()).hasSize(2);
        assertThat(announcer.digests()).isEmpty();
    }

    @Test
    void handleRequest_notifyNone_publishesNothingAndStillReports() throws Exception {
        Map<?, ?> response = handle("{\"all\": true, \"notify\": \"none\"}");

        // Organizations lists the management account too; it is skipped.
        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 3, "SKIPPED", 1));
        assertThat(announcer.announced()).isEmpty();
        assertThat(announcer.digests()).isEmpty();
        assertThat(organization.count("sts:AssumeRole")).isEqualTo(3);
    }

    @Test
    void handleRequest_allAccountsWithDefaultDigest_publishesOneSummary() throws Exception {
        Map<?, ?> response = handle("{\"all\": true}");

        assertThat(response.get("summary")).isEqualTo(Map.of("ROLE_MISSING", 3, "SKIPPED", 1));
        assertThat(announcer.announced()).isEmpty();
        assertThat(announcer.digests()).singleElement().satisfies(digest -> assertThat(digest.announced()).hasSize(3));
    }
}
