package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.aws.AccountStatusTags;
import io.orgaccessguard.aws.OrganizationDirectory;
import io.orgaccessguard.aws.RoleSessions;
import io.orgaccessguard.check.AccessGuardService;
import io.orgaccessguard.check.AccountCheck;
import io.orgaccessguard.check.PropagationWait;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.Notifier;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountJoinedMethod;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.DescribeAccountRequest;
import software.amazon.awssdk.services.organizations.model.DescribeAccountResponse;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationRequest;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.organizations.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.organizations.model.Tag;
import software.amazon.awssdk.services.organizations.model.TagResourceRequest;
import software.amazon.awssdk.services.organizations.model.TagResourceResponse;
import software.amazon.awssdk.services.organizations.model.DescribeOrganizationResponse;
import software.amazon.awssdk.services.organizations.model.ListAccountsRequest;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.Organization;
import software.amazon.awssdk.services.organizations.model.OrganizationsException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Hand-written stand-ins for the AWS clients, so the handlers run without a network. A client operation not overridden
 * here throws the SDK's own {@link UnsupportedOperationException}.
 */
final class HandlerFixtures {

    static final String MANAGEMENT_ACCOUNT_ID = "111111111111";
    static final String JOINED_ACCOUNT_ID = "444444444444";
    static final String ORGANIZATION_ARN = "arn:aws:organizations::111111111111:organization/o-exampleorgid";
    static final String MEMBER_A = "222222222222";
    static final String MEMBER_B = "333333333333";
    static final String MEMBER_C = "555555555555";
    static final String TOPIC_ARN = "arn:aws:sns:us-east-1:111111111111:org-access-guard";

    static final String SCHEDULED_EVENT = """
            {"version": "0", "id": "53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa", "detail-type": "Scheduled Event",
             "source": "aws.organizations", "account": "111111111111", "time": "2026-11-20T09:14:03Z",
             "region": "us-east-1", "resources": [], "detail": {}}
            """;

    /** {@code events/handshake-accepted.json}, shortened to what the parser reads. */
    static final String HANDSHAKE_ACCEPTED = """
            {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.organizations",
             "account": "111111111111", "time": "2026-11-20T09:14:03Z",
             "detail": {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
               "eventName": "AcceptHandshake",
               "userIdentity": {"type": "IAMUser", "accountId": "444444444444"},
               "requestParameters": {"handshakeId": "h-examplehandshake444"},
               "responseElements": {"handshake": {"id": "h-examplehandshake444", "state": "ACCEPTED",
                 "action": "INVITE", "parties": [{"id": "exampleorgid", "type": "ORGANIZATION"},
                                                 {"id": "444444444444", "type": "ACCOUNT"}]}},
               "recipientAccountId": "111111111111"}}
            """;

    /** {@code events/account-joined-unknown-shape.json}, shortened: names no joining account. */
    static final String ACCOUNT_JOINED_UNKNOWN_SHAPE = """
            {"version": "0", "detail-type": "AWS Service Event via CloudTrail", "source": "aws.organizations",
             "account": "111111111111", "time": "2026-11-20T09:14:03Z",
             "detail": {"eventTime": "2026-11-20T09:14:03Z", "eventSource": "organizations.amazonaws.com",
               "eventName": "AccountJoinedOrganization",
               "userIdentity": {"accountId": "111111111111", "invokedBy": "organizations.amazonaws.com"},
               "serviceEventDetails": {"joinedMethod": "INVITED"}, "recipientAccountId": "111111111111"}}
            """;

    /** Over {@code EventInput.MAX_PAYLOAD_BYTES}, yet valid JSON. */
    static final String OVERSIZED_PAYLOAD = "{\"accountIds\": [\"444444444444\"], \"pad\": \""
            + "x".repeat(EventInput.MAX_PAYLOAD_BYTES) + "\"}";

    private HandlerFixtures() {
    }

    /**
     * Organizations as far as the tests need it, recording every call: the organization is described; the accounts
     * are {@link #accounts} (none unless a test adds some), listed on one page; describing any other account fails
     * with a 500.
     */
    static final class FakeOrganizations implements OrganizationsClient {
        final List<String> calls = new ArrayList<>();
        final List<Account> accounts = new ArrayList<>();

        FakeOrganizations withActiveMembers(String... ids) {
            for (String id : ids) {
                accounts.add(Account.builder().id(id).name("member " + id).email(id + "@example.com")
                        .state(AccountState.ACTIVE).joinedMethod(AccountJoinedMethod.INVITED)
                        .joinedTimestamp(Instant.parse("2026-11-01T00:00:00Z")).build());
            }
            return this;
        }

        @Override
        public DescribeOrganizationResponse describeOrganization(DescribeOrganizationRequest request) {
            calls.add("DescribeOrganization");
            return DescribeOrganizationResponse.builder().organization(Organization.builder().id("o-exampleorgid")
                    .arn(ORGANIZATION_ARN).masterAccountId(MANAGEMENT_ACCOUNT_ID).build()).build();
        }

        @Override
        public DescribeAccountResponse describeAccount(DescribeAccountRequest request) {
            calls.add("DescribeAccount " + request.accountId());
            for (Account account : accounts) {
                if (account.id().equals(request.accountId())) {
                    return DescribeAccountResponse.builder().account(account).build();
                }
            }
            throw OrganizationsException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ServiceException").errorMessage("try again later").build()).build();
        }

        @Override
        public ListAccountsResponse listAccounts(ListAccountsRequest request) {
            calls.add("ListAccounts");
            return ListAccountsResponse.builder().accounts(accounts).build();
        }

        /** Status tags, as Organizations keeps them on accounts. */
        final Map<String, Map<String, String>> tags = new HashMap<>();

        @Override
        public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
            calls.add("ListTagsForResource " + request.resourceId());
            return ListTagsForResourceResponse.builder().tags(tags.getOrDefault(request.resourceId(), Map.of())
                    .entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                    .toList()).build();
        }

        @Override
        public TagResourceResponse tagResource(TagResourceRequest request) {
            calls.add("TagResource " + request.resourceId());
            request.tags().forEach(tag -> tags.computeIfAbsent(request.resourceId(), id -> new HashMap<>())
                    .put(tag.key(), tag.value()));
            return TagResourceResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "organizations";
        }

        @Override
        public void close() {
        }
    }

    /** STS that no test reaches: every operation throws. */
    static final class UnusedSts implements StsClient {
        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }

    /** SNS that no test reaches: every operation throws. */
    static final class UnusedSns implements SnsClient {
        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    }

    /** STS that denies every AssumeRole, as it does for a role that is missing or does not trust us. */
    static final class DenyingSts implements StsClient {
        final List<String> roleArns = new ArrayList<>();

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            roleArns.add(request.roleArn());
            throw (StsException) StsException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("AccessDenied").errorMessage("not authorized to perform sts:AssumeRole").build())
                    .build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }

    /** SNS that accepts every message and keeps it. */
    static final class RecordingSns implements SnsClient {
        final List<PublishRequest> published = new ArrayList<>();

        @Override
        public PublishResponse publish(PublishRequest request) {
            published.add(request);
            return PublishResponse.builder().messageId("msg-" + published.size()).build();
        }

        @Override
        public String serviceName() {
            return "sns";
        }

        @Override
        public void close() {
        }
    }

    static final class RecordingLogger implements LambdaLogger {
        final List<String> lines = new ArrayList<>();
        final List<LogLevel> levels = new ArrayList<>();

        @Override
        public void log(String message) {
            log(message, LogLevel.UNDEFINED);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
        }

        @Override
        public void log(String message, LogLevel level) {
            lines.add(message);
            levels.add(level);
        }
    }

    static final class FakeContext implements Context {
        final RecordingLogger logger = new RecordingLogger();

        @Override
        public String getAwsRequestId() {
            return "8f5c3a1e-0000-4000-8000-000000000001";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/org-access-guard";
        }

        @Override
        public String getLogStreamName() {
            return "2026/11/20/[$LATEST]0000";
        }

        @Override
        public String getFunctionName() {
            return "org-access-guard";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:111111111111:function:org-access-guard";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 300_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 512;
        }

        @Override
        public LambdaLogger getLogger() {
            return logger;
        }
    }

    /** The service as ServiceFactory wires it, over the given Organizations and unreachable STS, IAM and SNS. */
    static AccessGuardService service(OrganizationsClient organizations) {
        return service(organizations, new UnusedSts(), new UnusedSns(), GuardConfig.from(Map.of()));
    }

    static AccessGuardService service(OrganizationsClient organizations, StsClient sts, SnsClient sns,
                                      GuardConfig config) {
        var directory = new OrganizationDirectory(organizations);
        var accountCheck = new AccountCheck(directory, new RoleSessions(sts), session -> {
            throw new AssertionError("no test reaches a member account's IAM");
        }, config, PropagationWait.of(Duration.ZERO));
        return new AccessGuardService(directory, accountCheck, new AccountStatusTags(organizations),
                new Notifier(sns, config), config, Clock.systemUTC());
    }

    /** Defaults plus a notification topic. */
    static GuardConfig configWithTopic() {
        return GuardConfig.from(Map.of(GuardConfig.NOTIFICATION_TOPIC_ARN, TOPIC_ARN));
    }

    static InputStream payload(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<?, ?> response(ByteArrayOutputStream output) {
        return (Map<?, ?>) Json.parse(output.toString(StandardCharsets.UTF_8));
    }
}
