package io.orgaccessguard.handler;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.check.PropagationWait;
import io.orgaccessguard.core.check.RepairRights;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.InMemoryRunStore;
import io.orgaccessguard.testsupport.InMemoryStatusStore;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** The handlers over the core's in-memory fakes: what the handlers add is parsing, the response and failing. */
final class HandlerFixtures {

    /** The account {@code events/handshake-accepted.json} and {@code events/manual-recheck.json} name. */
    static final String JOINED_ACCOUNT_ID = "444444444444";
    static final String MEMBER_A = "222222222222";
    static final String MEMBER_B = "333333333333";
    static final String MEMBER_C = "555555555555";

    static final String SCHEDULED_EVENT = """
            {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
             "source": "aws.events", "account": "111111111111", "time": "2026-11-20T09:14:03Z",
             "region": "us-east-1", "resources": [], "detail": {}}
            """;

    static final String OVERSIZED_PAYLOAD = "{\"accountIds\": [\"444444444444\"], \"pad\": \""
            + "x".repeat(EventInput.MAX_PAYLOAD_BYTES) + "\"}";

    private HandlerFixtures() {
    }

    /** The service as ServiceFactory wires it, with the core's fakes in place of AWS. */
    static AccessGuardService service(InMemoryOrganization organization, RecordingAnnouncer announcer,
                                      GuardConfig config) {
        return new AccessGuardService(organization, new AccountCheck(organization, organization, config.accessRole(),
                new RepairRights(config.bootstrapRoleNames(), config.repairTrust()), config.region(),
                PropagationWait.of(config.rolePropagationWait())), organization, new InMemoryStatusStore(),
                new InMemoryRunStore(), announcer, AccessDirectory.NONE, ServiceFactory.runSettings(config),
                Clock.systemUTC());
    }

    static GuardConfig configWithTopic() {
        return GuardConfig.from(Map.of(GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN));
    }

    static InputStream payload(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<?, ?> response(ByteArrayOutputStream output) {
        return (Map<?, ?>) Json.parse(output.toString(StandardCharsets.UTF_8));
    }
}
