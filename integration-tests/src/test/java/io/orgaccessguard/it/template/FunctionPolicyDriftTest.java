package io.orgaccessguard.it.template;

import static io.orgaccessguard.it.support.Accounts.OUTSIDE_ORGANIZATION;
import static io.orgaccessguard.it.support.Accounts.SUSPENDED;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.HandshakeSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.ArtifactBucket;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.template.AwsCallRecorder.Call;
import io.orgaccessguard.it.template.FunctionPolicy.Decision;
import io.orgaccessguard.it.template.FunctionPolicy.Request;
import io.orgaccessguard.it.template.FunctionPolicy.Statement;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every AWS call the function makes with its own credentials (the management account's execution role) is allowed by
 * that function's policy in {@code template.yaml}, and the policy allows nothing the code never calls.
 *
 * <p>The calls are recorded by {@link AwsCallRecorder}, an SDK interceptor every client of this JVM loads, while this
 * class runs a representative set of scenarios through the real handlers against the emulator ({@link Guard}): every
 * trigger event of {@code events/}, an e-mail invitation resolved through DescribeHandshake, manual checks of single
 * accounts (each outcome), of all accounts, of an organizational unit tree, and the reconcile schedule's request. IAM
 * calls made with a member-account role session are governed by that member's role, not by the template: they are
 * reported, not checked.
 */
class FunctionPolicyDriftTest {

    static final String OU = "ou-exam-ops00001";
    static final String IN_OU = "777777777777";

    /**
     * Actions the template grants that are not calls of our code but of AWS on the function's behalf, with where each
     * must be scoped to.
     */
    static final Map<String, String> PLATFORM_ACTIONS = Map.of(
            "logs:CreateLogStream", "the Lambda runtime, into the function's own log group",
            "logs:PutLogEvents", "the Lambda runtime, into the function's own log group",
            "sqs:SendMessage", "Lambda, sending a failed asynchronous invocation to the on-failure destination",
            "kms:GenerateDataKey", "SNS and S3, encrypting a published alert with the topic's key and a written object"
                    + " with the artifact bucket's key",
            "kms:Decrypt", "SNS, encrypting a published alert with the topic's key");

    /** Operations authorized as another IAM action (https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html:
     * HeadObject needs s3:GetObject). */
    static final Map<String, String> AUTHORIZED_AS = Map.of("s3:HeadObject", "s3:GetObject");

    private static final List<Call> FUNCTION_CALLS = new ArrayList<>();
    private static final List<Call> MEMBER_SESSION_CALLS = new ArrayList<>();
    private static final Map<String, Set<String>> EMULATOR_SEEN = new TreeMap<>();
    private static final Set<String> FUNCTION_PRINCIPALS = new TreeSet<>();

    @BeforeAll
    static void runScenarios() {
        for (String file : EventFiles.names().stream().filter(n -> !n.startsWith("manual-")).toList()) {
            run(organization(), "JoinEventFunction", guard -> guard.joinEvent(EventFiles.read(file)));
        }
        run(Accounts.organization().handshake(new HandshakeSeed("h-examplehandshake555", "INVITE", "ACCEPTED",
                        "ACCOUNT", WITH_FOREIGN_TRUST, EVENT_TIME.minus(Duration.ofDays(1)),
                        EVENT_TIME.plus(Duration.ofDays(14)))).build(), "JoinEventFunction",
                guard -> guard.joinEvent(EventFiles.edit("handshake-accepted-email-party.json")
                        .set("detail.userIdentity.accountId", "").json()));
        for (String file : EventFiles.names().stream().filter(n -> n.startsWith("manual-")).toList()) {
            run(organization(), "ManualCheckFunction", guard -> guard.manual(EventFiles.read(file)));
        }
        run(organization(), "ManualCheckFunction", guard -> guard.manual("{\"accountIds\": [\""
                + WITH_ACCESS_ROLE + "\", \"" + WITH_NOTHING + "\", \"" + WITH_FOREIGN_TRUST + "\", \"" + SUSPENDED
                + "\", \"" + OUTSIDE_ORGANIZATION + "\", \"" + MANAGEMENT_ACCOUNT_ID + "\"]}"));
        run(organization(), "ManualCheckFunction", guard -> guard.with(Map.of(GuardConfig.REPAIR_TRUST, "true",
                GuardConfig.NOTIFY_ON, "all")).manual("{\"all\": true}"));
        run(organization(), "ManualCheckFunction",
                guard -> guard.manual("{\"organizationalUnitId\": \"r-exam\", \"recursive\": true}"));
        // An account whose access role an SCP on its OU restricts: the SCPs are read only for such accounts (issue 18).
        run(Accounts.organization().organizationalUnit(OU, "Operations", "r-exam")
                        .account(Accounts.member(IN_OU, "Ops Tooling").parentId(OU).role(Accounts.accessRole()).build())
                        .serviceControlPolicy(io.orgaccessguard.emulator.seed.ServiceControlPolicySeed.of("p-noiamwr1",
                                "NoIamWrites", io.orgaccessguard.emulator.seed.PolicyDocuments.deny("*",
                                        "iam:CreateRole"), OU)).build(),
                "ManualCheckFunction", guard -> guard.manual("{\"accountIds\": [\"" + IN_OU + "\"]}"));
        String scheduled = String.valueOf(Templates.load().function("ManualCheckFunction").events().get("Reconcile")
                .properties().get("Input"));
        run(organization(), "ManualCheckFunction", guard -> guard.manual(scheduled));

        System.out.println("[policy] calls made as the function's execution role " + FUNCTION_PRINCIPALS + ": "
                + FUNCTION_CALLS.stream()
                .collect(Collectors.groupingBy(Call::label, TreeMap::new,
                        Collectors.mapping(Call::action, Collectors.toCollection(TreeSet::new)))));
        System.out.println("[policy] not governed by the template (member-account role sessions): "
                + MEMBER_SESSION_CALLS.stream().collect(Collectors.groupingBy(
                        call -> AwsCallRecorder.assumedRoleOf(call).orElseThrow()
                                .replaceAll(":\\d{12}:", ":<member>:"), TreeMap::new,
                        Collectors.mapping(Call::action, Collectors.toCollection(TreeSet::new)))));
    }

    /** The demo organization with an OU holding one more account, and the bare account freshly joined. */
    private static OrganizationSeed organization() {
        return Accounts.organization(EVENT_TIME.minus(Duration.ofMinutes(1)))
                .organizationalUnit(OU, "Operations", "r-exam")
                .account(Accounts.member(IN_OU, "Ops Tooling").parentId(OU).role(Accounts.accessRole()).build())
                .build();
    }

    /**
     * Runs one scenario on a fresh emulator and sorts the calls recorded meanwhile against that emulator into the
     * function's own and those of member-account role sessions.
     */
    private static void run(OrganizationSeed seed, String function, Consumer<Guard> scenario) {
        try (Guard guard = Guard.start(seed, EmulatorOptions.builder().seed(7).build(), ArtifactBucket.ENV)) {
            String endpoint = guard.aws().endpoint().getHost() + ":" + guard.aws().endpoint().getPort();
            int before = AwsCallRecorder.calls().size();
            AwsCallRecorder.label(function);
            try {
                scenario.accept(guard);
            } finally {
                AwsCallRecorder.label("");
            }
            List<Call> recorded = AwsCallRecorder.calls();
            for (Call call : recorded.subList(before, recorded.size())) {
                if (call.endpoint().equals(endpoint)) {
                    (AwsCallRecorder.assumedRoleOf(call).isPresent() ? MEMBER_SESSION_CALLS
                            : FUNCTION_CALLS).add(call);
                }
            }
            for (CallRecord call : guard.aws().calls()) {
                if (call.callerArn() != null && call.callerArn().contains(":assumed-role/" + Fixtures.FUNCTION_ROLE
                        + "/")) {
                    EMULATOR_SEEN.computeIfAbsent(function, f -> new TreeSet<>())
                            .add(call.service() + ":" + call.action());
                    FUNCTION_PRINCIPALS.add(call.callerArn());
                }
            }
        }
    }

    private static Set<String> actions(List<Call> calls) {
        return calls.stream().map(FunctionPolicyDriftTest::iamAction).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The IAM action a call is authorized as. */
    private static String iamAction(Call call) {
        return AUTHORIZED_AS.getOrDefault(call.action(), call.action());
    }

    /** The template deployed for the scenarios' configuration: the fixture's bootstrap role. */
    private static SamTemplate deployed() {
        return Templates.deployed(Map.of("BootstrapRoleNames", BOOTSTRAP_ROLE));
    }

    @Test
    void theRecorderSawEveryCallTheEmulatorReceivedFromTheFunction() {
        assertThat(FUNCTION_CALLS).as("calls recorded by the SDK interceptor (is execution.interceptors on the test"
                + " class path?)").isNotEmpty();
        Map<String, Set<String>> recorded = new TreeMap<>();
        FUNCTION_CALLS.forEach(call -> recorded.computeIfAbsent(call.label(), l -> new TreeSet<>()).add(call.action()));

        assertThat(recorded).isEqualTo(EMULATOR_SEEN);
    }

    @Test
    void everyCallTheFunctionMakesAsTheManagementAccount_isAllowedByItsPolicy() {
        SamTemplate template = deployed();
        Map<String, FunctionPolicy> policies = new LinkedHashMap<>();
        List<String> denied = new ArrayList<>();
        Set<String> checked = new HashSet<>();
        for (Call call : FUNCTION_CALLS) {
            FunctionPolicy policy = policies.computeIfAbsent(call.label(), id -> FunctionPolicy.of(template, id));
            Request request = request(call);
            if (!checked.add(call.label() + " " + request)) {
                continue;
            }
            Decision decision = policy.evaluate(request);
            if (!decision.allowed()) {
                denied.add(call.label() + ": " + call.action() + " " + call.fields() + " -> " + decision.explanation());
            }
        }
        assertThat(checked).isNotEmpty();
        assertThat(denied).as("calls the function makes that template.yaml does not allow").isEmpty();
    }

    @Test
    void thePolicyAllowsNothingTheCodeNeverCalls() {
        SamTemplate template = deployed();
        Set<String> granted = new TreeSet<>();
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            granted.addAll(FunctionPolicy.of(template, id).allowedActions());
        }
        Set<String> called = actions(FUNCTION_CALLS);

        Set<String> neverCalled = new TreeSet<>(granted);
        neverCalled.removeAll(called);
        neverCalled.removeAll(PLATFORM_ACTIONS.keySet());

        assertThat(neverCalled).as("actions the functions' policies allow that no scenario called (called: %s)",
                called).isEmpty();
    }

    @Test
    void noWildcardAction_andNoWriteOnAnUnscopedResource() {
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            for (Statement statement : FunctionPolicy.of(deployed(), id).statements()) {
                assertThat(statement.actions()).as("%s: actions", statement.origin())
                        .noneMatch(action -> action.contains("*") || action.contains("?"));
                if (statement.resources().stream().anyMatch(r -> r.equals("*"))) {
                    assertThat(statement.actions()).as("%s: actions on Resource '*'", statement.origin())
                            .allMatch(FunctionPolicyDriftTest::isRead);
                }
            }
        }
    }

    @Test
    void assumeRole_isAllowedOnTheAccessAndBootstrapRolesOnly_inEveryPartition() {
        Map<String, String> partitions = Map.of("us-east-1", "aws", "us-gov-west-1", "aws-us-gov",
                "cn-northwest-1", "aws-cn");
        for (var region : partitions.entrySet()) {
            String arn = "arn:" + region.getValue() + ":iam::*:role/";
            assertThat(assumeRoleResources(Templates.deployed(region.getKey(), Map.of())))
                    .as("no bootstrap roles, %s", region.getValue()).containsExactly(arn + ACCESS_ROLE);
            assertThat(assumeRoleResources(Templates.deployed(region.getKey(), Map.of("AccessRoleName", "OrgAdmin",
                    "BootstrapRoleNames", "Bootstrap,Landing-Zone.Admin"))))
                    .as("two bootstrap roles, %s", region.getValue())
                    .containsExactlyInAnyOrder(arn + "OrgAdmin", arn + "Bootstrap", arn + "Landing-Zone.Admin");
        }
    }

    @Test
    void publish_isAllowedOnTheAlertTopicOnly_andTheKeyOnlyThroughSns() {
        SamTemplate template = deployed();
        String key = template.resolver().resolveString(Map.of("Fn::GetAtt", List.of("AlertTopicKey", "Arn")));
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            FunctionPolicy policy = FunctionPolicy.of(template, id);
            assertThat(policy.allowStatementsFor("sns:Publish")).flatExtracting(Statement::resources)
                    .as("%s: sns:Publish resources", id).containsExactly(Fixtures.TOPIC_ARN);
            for (String action : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                assertThat(policy.allowStatementsFor(action)).as("%s: %s", id, action)
                        .filteredOn(s -> s.resources().contains(key)).singleElement().satisfies(s -> {
                            assertThat(s.resources()).containsExactly(key);
                            assertThat(s.condition()).isEqualTo(Map.of("StringEquals",
                                    Map.of("kms:ViaService", List.of("sns.us-east-1.amazonaws.com"))));
                        });
            }
        }
    }

    /** The artifact bucket: objects written and checked for, nothing listed, deleted or reconfigured. */
    @Test
    void artifactBucket_isTheOnlyBucket_andItsKeyIsUsedOnlyThroughS3() {
        SamTemplate template = deployed();
        String objects = "arn:aws:s3:::" + Fixtures.ARTIFACT_BUCKET + "/*";
        String key = template.resolver().resolveString(Map.of("Fn::GetAtt", List.of("ArtifactBucketKey", "Arn")));
        assertThat(key).isEqualTo(Fixtures.ARTIFACT_BUCKET_KEY);
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            FunctionPolicy policy = FunctionPolicy.of(template, id);
            for (String action : List.of("s3:PutObject", "s3:GetObject")) {
                assertThat(policy.allowStatementsFor(action)).flatExtracting(Statement::resources)
                        .as("%s: %s", id, action).containsExactly(objects);
            }
            for (String action : List.of("s3:DeleteObject", "s3:ListBucket", "s3:PutBucketPolicy",
                    "s3:GetObjectVersion", "s3:PutObjectAcl")) {
                assertThat(policy.evaluate(new Request(action, "arn:aws:s3:::" + Fixtures.ARTIFACT_BUCKET
                        + "/access-directory.html", Map.of())).allowed()).as("%s: %s", id, action).isFalse();
            }
            assertThat(policy.allowStatementsFor("kms:GenerateDataKey")).filteredOn(s -> s.resources().contains(key))
                    .singleElement().satisfies(s -> assertThat(s.condition()).isEqualTo(Map.of("StringEquals",
                            Map.of("kms:ViaService", List.of("s3.us-east-1.amazonaws.com")))));
            assertThat(policy.allowStatementsFor("kms:Decrypt")).as("%s: nothing is read back", id)
                    .noneMatch(s -> s.resources().contains(key));
        }
    }

    @Test
    void statusTable_isTheOnlyTableEitherFunctionMayReadOrWrite() {
        SamTemplate template = deployed();
        String table = template.resolver().resolveString(Map.of("Fn::GetAtt", List.of("StatusTable", "Arn")));
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            FunctionPolicy policy = FunctionPolicy.of(template, id);
            for (String action : List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem", "dynamodb:Query")) {
                assertThat(policy.allowStatementsFor(action)).flatExtracting(Statement::resources)
                        .as("%s: %s", id, action).containsExactly(table);
            }
            for (String action : List.of("dynamodb:DeleteItem", "dynamodb:Scan", "dynamodb:DeleteTable",
                    "dynamodb:UpdateTable")) {
                assertThat(policy.evaluate(new Request(action, table, Map.of())).allowed()).as("%s: %s", id, action)
                        .isFalse();
            }
        }
    }

    @Test
    void platformActions_areScopedToTheFunctionsOwnResources() {
        SamTemplate template = deployed();
        Map<String, String> logGroups = Map.of("JoinEventFunction", "JoinEventLogGroup",
                "ManualCheckFunction", "ManualCheckLogGroup");
        for (var function : logGroups.entrySet()) {
            FunctionPolicy policy = FunctionPolicy.of(template, function.getKey());
            String logGroup = template.resolver().resolveString(Map.of("Fn::GetAtt", List.of(function.getValue(),
                    "Arn")));
            String logGroupName = template.resolver().resolveString(
                    template.function(function.getKey()).loggingConfig().get("LogGroup"));
            assertThat(logGroup).as("%s logs into %s", function.getKey(), function.getValue()).contains(logGroupName);
            for (String action : List.of("logs:CreateLogStream", "logs:PutLogEvents")) {
                assertThat(policy.allowStatementsFor(action)).flatExtracting(Statement::resources)
                        .as("%s: %s", function.getKey(), action).containsExactly(logGroup);
            }
        }
        String failedJoins = template.resolver().resolveString(Map.of("Fn::GetAtt", List.of("FailedJoinQueue", "Arn")));
        assertThat(FunctionPolicy.of(template, "JoinEventFunction").allowStatementsFor("sqs:SendMessage"))
                .flatExtracting(Statement::resources).containsExactly(failedJoins);
        assertThat(FunctionPolicy.of(template, "ManualCheckFunction").allowStatementsFor("sqs:SendMessage")).isEmpty();
    }

    private static List<String> assumeRoleResources(SamTemplate template) {
        List<String> resources = new ArrayList<>();
        for (String id : List.of("JoinEventFunction", "ManualCheckFunction")) {
            FunctionPolicy policy = FunctionPolicy.of(template, id);
            assertThat(policy.statements()).filteredOn(s -> s.coversAction("sts:AssumeRole"))
                    .allSatisfy(s -> assertThat(s.actions()).containsExactly("sts:AssumeRole"));
            policy.allowStatementsFor("sts:AssumeRole").forEach(s -> resources.addAll(s.resources()));
        }
        return resources.stream().distinct().toList();
    }

    static boolean isRead(String action) {
        String operation = action.substring(action.indexOf(':') + 1);
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get");
    }

    /** What IAM evaluates for one recorded call: its resource ARN and the condition keys in its context. */
    private static Request request(Call call) {
        Map<String, List<String>> context = new TreeMap<>();
        context.put("aws:PrincipalOrgID", List.of(ORGANIZATION_ID));
        String resource = "*";
        Map<String, String> fields = call.fields();
        switch (call.action()) {
            case "sts:AssumeRole" -> resource = fields.get("RoleArn");
            case "sns:Publish" -> resource = fields.getOrDefault("TopicArn", fields.get("TargetArn"));
            case "s3:PutObject", "s3:HeadObject" -> resource = "arn:aws:s3:::" + fields.get("Bucket") + "/"
                    + fields.get("Key");
            case "organizations:TagResource", "organizations:UntagResource", "organizations:ListTagsForResource" ->
                    resource = organizationsResource(fields.get("ResourceId"));
            case "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
                 "dynamodb:Query" -> resource = "arn:aws:dynamodb:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":table/"
                    + fields.get("TableName");
            default -> {
                // Describe*/List* of Organizations: the policy grants them on "*"
            }
        }
        String resourceAccount = resource.split(":").length > 4 ? resource.split(":")[4] : "";
        if (call.action().startsWith("organizations:") && !resource.equals("*")) {
            resourceAccount = MANAGEMENT_ACCOUNT_ID;
        }
        if (isMember(resourceAccount)) {
            context.put("aws:ResourceOrgID", List.of(ORGANIZATION_ID));
        }
        if (!call.tagKeys().isEmpty()) {
            context.put("aws:TagKeys", List.copyOf(call.tagKeys()));
        }
        return new Request(iamAction(call), resource, context);
    }

    /** The accounts of {@link #organization()}: a resource they own is in the organization. */
    private static boolean isMember(String account) {
        return Set.of(MANAGEMENT_ACCOUNT_ID, WITH_ACCESS_ROLE, Accounts.WITH_BOOTSTRAP_ONLY, WITH_NOTHING,
                WITH_FOREIGN_TRUST, SUSPENDED, IN_OU).contains(account);
    }

    /** Organizations' resource ARNs: they carry the management account and the organization ID. */
    private static String organizationsResource(String id) {
        String base = "arn:aws:organizations::" + MANAGEMENT_ACCOUNT_ID + ":";
        if (id == null) {
            return "*";
        }
        if (id.matches("\\d{12}")) {
            return base + "account/" + ORGANIZATION_ID + "/" + id;
        }
        if (id.startsWith("ou-")) {
            return base + "ou/" + ORGANIZATION_ID + "/" + id;
        }
        if (id.startsWith("r-")) {
            return base + "root/" + ORGANIZATION_ID + "/" + id;
        }
        return base + "policy/" + ORGANIZATION_ID + "/" + id;
    }
}
