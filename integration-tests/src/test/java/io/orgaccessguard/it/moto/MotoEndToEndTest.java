package io.orgaccessguard.it.moto;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.it.support.OutsideTool.MOTO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.it.moto.AlertSubscriber.Announcement;
import io.orgaccessguard.it.moto.AlertSubscriber.Delivery;
import io.orgaccessguard.it.moto.IamState.RoleState;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.FunctionInstance;
import io.orgaccessguard.localinvoke.InvokeResult;
import io.orgaccessguard.localinvoke.LocalInvoke;
import io.orgaccessguard.testsupport.EventFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The main end-to-end scenarios judged by an emulator that is not ours: moto 5.2.1 in server mode. The functions of
 * {@code template.yaml} run as Lambda runs them ({@link MotoLambda}), their own SDK clients sent to moto by
 * {@code AWS_ENDPOINT_URL}, over an organization whose accounts are made the way AWS makes them
 * ({@link MotoOrganization}, {@link AccountKind}). For each account: the outcome, what IAM holds afterwards (read back
 * from moto), and what the alert topic's subscriber received.
 *
 * <h2>How moto 5.2.1 behaves on what the function needs (read in its source, checked in {@link WhatMotoDoes})</h2>
 * <ul>
 *   <li><b>Accounts follow the credentials.</b> A request acts in the account of its access key: a key moto issued
 *       (an IAM user's, or an AssumeRole session's) belongs to the account of its user or role; any other key to
 *       123456789012. {@code MOTO_ACCOUNT_ID} (server environment) overrides every request and must stay unset; the
 *       {@code x-moto-account-id} header picks the account per request (the seeding uses it; the function never
 *       sends it). So the function, given a session of its role in 111111111111, acts there, and every role session
 *       it opens acts in the role's account.</li>
 *   <li><b>Organizations.</b> {@code CreateOrganization} makes the caller's account the management account
 *       ({@code MasterAccountId}) and lists it as an account named {@code master}. {@code CreateAccount} succeeds at
 *       once ({@code SUCCEEDED}), with a random 12-digit ID, {@code State} and {@code Status} {@code ACTIVE},
 *       {@code JoinedMethod} {@code CREATED}; it creates {@code OrganizationAccountAccessRole} (or {@code RoleName})
 *       in the new account trusting {@code arn:aws:iam::<management>:root} for {@code sts:AssumeRole}, with <em>no
 *       policy</em>, inline or managed (AWS gives it administrator permissions: {@link MotoOrganization} adds them).
 *       {@code CloseAccount} sets both to {@code SUSPENDED}. {@code ListAccounts} pages ({@code MaxResults},
 *       {@code NextToken}) in {@code JoinedTimestamp} order, the token keyed on that timestamp. Tags on accounts
 *       ({@code TagResource}, {@code ListTagsForResource}) work. There are no invitations or handshakes
 *       ({@code InviteAccountToOrganization}, {@code DescribeHandshake}): an invited account is simulated, and
 *       {@code AcceptHandshake} events that name no account cannot be judged.</li>
 *   <li><b>STS.</b> {@code AssumeRole} evaluates no trust policy, for any caller: a role that trusts only another
 *       account is assumed all the same. (moto's optional IAM authorization, {@code INITIAL_NO_AUTH_ACTION_COUNT},
 *       checks a trust policy only when the role is in the caller's own account, judges a call on a role that does
 *       not exist yet (GetRole, CreateRole of the role to create) against resource {@code "*"}, which denies what a
 *       policy scoped to that role's ARN allows in AWS, denies in a form the Java SDK reads no code from, answers 500
 *       to a session of a role that does not exist: it is left off.) moto also admits a role that does not
 *       exist ("the role does not need to exist"); {@code moto_server.py} adds that one rule back (AccessDenied, as
 *       AWS). moto's own AccessDenied body ({@code <ErrorResponse><Errors><Error>}) is not STS's: the Java SDK reads
 *       no error code from it.</li>
 *   <li><b>IAM.</b> Inline role policies ({@code PutRolePolicy}, {@code ListRolePolicies}, {@code GetRolePolicy})
 *       and attachments work. AWS managed policies, {@code arn:aws:iam::aws:policy/AdministratorAccess} among them,
 *       exist only with {@code MOTO_IAM_LOAD_MANAGED_POLICIES=true} (else {@code AttachRolePolicy} answers
 *       NoSuchEntity; {@code /moto-api/config} cannot turn it on), which {@link MotoServer} sets. moto then loads all
 *       1,485 of them (0.1 s) into each account's IAM in each of its six partitions when it first touches it, and it
 *       touches every account in every partition when it first meets an access key: the first request of each new
 *       role session took 2 s, and each reset reloaded them all. {@code moto_server.py} loads them in the
 *       {@code aws} partition only, the one this suite works in. {@code GetRole} and {@code GetRolePolicy} return
 *       documents URL-encoded, as IAM does. A role session's own permissions are never evaluated: any session may
 *       read or write IAM.</li>
 *   <li><b>SNS.</b> {@code Publish} with {@code MessageStructure=json} delivers to each subscriber its protocol's
 *       entry ({@code default} otherwise); an {@code http} subscriber receives the SNS envelope by POST while moto
 *       handles the {@code Publish}, and that is how the tests read what was published ({@link AlertSubscriber}).
 *       moto keeps every published message in its backend too, readable only through {@code /moto-api/data.json}
 *       (every model of every service: 5.5 MB and 3 s for this organization, with the managed policies), so it is
 *       not used. Unlike AWS, moto also puts the message attributes into the envelope of a JSON-structured message;
 *       the tests do not look at them.</li>
 * </ul>
 *
 * <h2>What moto judges, and what stays on our emulator only</h2>
 * Judged on moto: {@code ACCESS_VERIFIED} with no IAM write and no message for the three shapes of a working role
 * (inline, managed, both); {@code ROLE_CREATED} (the role read back: trust, policies) with one message;
 * {@code ROLE_COMPLETED} and {@code ROLE_INCOMPLETE} for a role that can read IAM but is not admin (ReadOnlyAccess);
 * {@code ROLE_MISSING} with one message; {@code SKIPPED} for a closed account and for the management account; the
 * Organizations, IAM and SNS wire formats the SDK clients meet; the scheduled reconcile (the OU walk page by page,
 * the run's list and progress in DynamoDB, one digest, a continue that finds the run finished). Not judged by moto, because moto does not evaluate
 * trust policies or permissions: {@code TRUST_MISMATCH}, {@code TRUST_REPAIRED}/{@code REPAIRED_UNVERIFIED}, a role
 * whose trust admits another account, {@code ROLE_CREATED_UNVERIFIED} and every IAM propagation delay (moto is
 * consistent at once), a role whose own permissions do not let it read IAM, a bootstrap role without the IAM
 * permissions it needs (AccessDenied), least privilege of the function's role, and everything with faults,
 * throttling or invitations and handshakes. Those stay on our emulator.
 *
 * <p>moto has no {@code iam:SimulatePrincipalPolicy} (it answers that the action is not implemented) and enforces
 * neither permissions boundaries nor SCPs: on moto the function's fallback runs, reading the role's boundary, inline
 * and attached policies itself, and every verified result says that IAM's evaluation was not available
 * ({@code verifiedAccounts_areJudgedByReadingThePolicies_asMotoCannotSimulate}). Restricted roles (boundary, Deny,
 * SCP) are shown on the emulator ({@code it/restricted/RestrictedAccessTest}), encoded from IAM's API reference.
 */
@OutsideTool.Required(MOTO)
class MotoEndToEndTest {

    private static MotoServer moto;
    private static AlertSubscriber alerts;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start(Path.of("target"));
        System.out.println("[moto] " + moto);
        alerts = AlertSubscriber.start();
        MotoLambda.buildOnce(System.out::println);
    }

    @AfterAll
    static void stopMoto() {
        if (alerts != null) {
            alerts.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    /** A fresh moto holding only the organization of {@link MotoOrganization}, and no alert received yet. */
    private static MotoOrganization freshOrganization() {
        long start = System.nanoTime();
        moto.reset();
        alerts.clear();
        long reset = System.nanoTime();
        MotoOrganization organization = MotoOrganization.seed(moto.endpoint(), alerts.endpoint());
        System.out.printf("[moto] reset in %d ms, seeded in %d ms%n", (reset - start) / 1_000_000,
                (System.nanoTime() - reset) / 1_000_000);
        return organization;
    }

    /**
     * What one trigger did: the result of each account it reported (its JSON, as the function's response carries
     * it), and every message the topic delivered meanwhile.
     */
    record Run(MotoOrganization organization, Map<String, Map<String, Object>> results, List<Delivery> deliveries) {

        Optional<Map<String, Object>> result(AccountKind kind) {
            return Optional.ofNullable(results.get(organization.accountId(kind)));
        }

        List<Announcement> announcements(AccountKind kind) {
            return deliveries.stream().flatMap(delivery -> delivery.announcements().stream())
                    .filter(announcement -> organization.accountId(kind).equals(announcement.accountId())).toList();
        }
    }

    /**
     * What AWS's behaviour requires of every account after one trigger: the outcome, the IAM state, the messages.
     * Each scenario runs its trigger once ({@link #run()}), then these judge the accounts one by one.
     */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenario {

        private Run run;

        /** Seeds a fresh organization and runs the trigger over it. */
        abstract Run trigger();

        /** How many messages the topic delivers in this scenario when every account is treated as AWS requires. */
        abstract int expectedMessages();

        @BeforeAll
        void runTheTrigger() {
            long start = System.nanoTime();
            run = trigger();
            System.out.printf("[moto] %s: seeded and ran in %d ms%n", getClass().getSimpleName(),
                    (System.nanoTime() - start) / 1_000_000);
        }

        Run run() {
            return run;
        }

        /** moto lacks SimulatePrincipalPolicy: the fallback reads the role's policies, and the result says so. */
        @ParameterizedTest(name = "{0}")
        @EnumSource(value = AccountKind.class, names = {"CREATED_BY_ORGANIZATIONS", "INVITED_WITH_MANAGED_POLICY",
                "CREATED_WITH_BOTH_POLICIES"})
        void verifiedAccounts_areJudgedByReadingThePolicies_asMotoCannotSimulate(AccountKind kind) {
            Map<String, Object> result = run.result(kind).orElseThrow();
            assertThat(String.valueOf(result.get("reason"))).as("%s", kind)
                    .contains("IAM's evaluation was not available").contains("iam:SimulatePrincipalPolicy failed");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(AccountKind.class)
        void outcomeIsWhatAwsBehaviourGives(AccountKind kind) {
            Optional<Map<String, Object>> result = run.result(kind);
            assertThat(result).as("a result for %s (%s)", kind, run.organization().accountId(kind)).isPresent();
            assertThat(result.get().get("outcome")).as("%s: %s", kind, result.get().get("reason"))
                    .isEqualTo(kind.awsOutcome());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(AccountKind.class)
        void iamOfTheAccountIsChangedOnlyAsAsked(AccountKind kind) {
            IamState before = run.organization().seededIamState(kind);
            IamState after = run.organization().iamState(kind);
            switch (kind.iamChange()) {
                case NONE -> assertThat(after.changesSince(before))
                        .as("%s: no IAM write in the member account (roles, trust, policies, tags)", kind).isEmpty();
                case ACCESS_ROLE_CREATED -> {
                    assertThat(after.changesSince(before)).as("%s: nothing but the access role created", kind)
                            .containsExactly(ACCESS_ROLE + ": created");
                    RoleState created = after.role(ACCESS_ROLE).orElseThrow();
                    assertThat(created.trustStatements()).as("the created role's trust: the management account")
                            .singleElement().satisfies(statement -> assertTrustsOnly(statement, MANAGEMENT_ROOT));
                    assertThat(created.attachedPolicyArns()).as("ACCESS_POLICY_ARNS unset: AdministratorAccess")
                            .containsExactly(ADMINISTRATOR_ACCESS);
                    assertThat(created.inlinePolicies()).as("nothing but what was asked").isEmpty();
                }
                case ADMINISTRATOR_ACCESS_ATTACHED -> {
                    List<String> attached = new ArrayList<>(before.role(ACCESS_ROLE).orElseThrow()
                            .attachedPolicyArns());
                    attached.add(ADMINISTRATOR_ACCESS);
                    assertThat(after.role(ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                            .as("%s: AdministratorAccess attached to what was there", kind)
                            .containsExactlyInAnyOrderElementsOf(attached);
                    assertThat(after.changesSince(before)).as("%s: nothing else written", kind).singleElement()
                            .asString().startsWith(ACCESS_ROLE + ": attachedPolicyArns: ");
                }
            }
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(AccountKind.class)
        void peopleHearOnlyOfProblemsAndChanges(AccountKind kind) {
            assertThat(run.announcements(kind)).as("%s: what the topic's subscriber was told about %s", kind,
                    run.organization().accountId(kind))
                    .containsExactlyElementsOf(kind.announcedOutcome()
                            .map(outcome -> new Announcement(run.organization().accountId(kind), outcome)).stream()
                            .toList());
        }

        @Test
        void topicDeliversExactlyTheExpectedMessages() {
            assertThat(run.deliveries()).as("messages delivered, by subject")
                    .extracting(Delivery::subject).hasSize(expectedMessages());
        }
    }

    /** Messages when each announced account gets a message of its own ({@code notify} each). */
    private static int oneMessagePerAnnouncedAccount() {
        return (int) Arrays.stream(AccountKind.values()).filter(kind -> kind.announcedOutcome().isPresent()).count();
    }

    /** {@code {"accountIds": [...]}}: the manual re-check of named accounts, one message per account to announce. */
    @Nested
    class ManualCheckOfNamedAccounts extends Scenario {

        @Override
        Run trigger() {
            MotoOrganization organization = freshOrganization();
            List<String> ids = Arrays.stream(AccountKind.values()).map(organization::accountId).toList();
            Report report = invokeOnce(MotoLambda.CHECK_FUNCTION, organization,
                    Json.write(Map.of("accountIds", ids)));
            return new Run(organization, byAccount(report.results()), alerts.deliveries());
        }

        @Override
        int expectedMessages() {
            return oneMessagePerAnnouncedAccount();
        }
    }

    /** {@code {"all": true}}: every account of the organization, one digest message. */
    @Nested
    class ManualCheckOfTheWholeOrganization extends Scenario {

        @Override
        Run trigger() {
            MotoOrganization organization = freshOrganization();
            Report report = invokeOnce(MotoLambda.CHECK_FUNCTION, organization, "{\"all\": true}");
            return new Run(organization, byAccount(report.results()), alerts.deliveries());
        }

        @Override
        int expectedMessages() {
            return 1;
        }

        @Test
        void everyAccountIsReportedAndTheManagementAccountSkipped() {
            var expected = new ArrayList<String>();
            expected.add(MANAGEMENT_ACCOUNT_ID);
            Arrays.stream(AccountKind.values()).map(run().organization()::accountId).forEach(expected::add);
            assertThat(run().results()).as("every account ListAccounts names")
                    .containsOnlyKeys(expected);
            assertThat(run().results().get(MANAGEMENT_ACCOUNT_ID).get("outcome")).isEqualTo("SKIPPED");
        }
    }

    /**
     * {@code events/manual-reconcile-start.json}, as {@code ReconcileSchedule} sends it: the OU tree walked page by page
     * on moto's Organizations, the run's list and its progress in moto's DynamoDB table, every account checked, one
     * digest; then {@code events/manual-reconcile-continue.json} finds the run finished and does nothing.
     */
    @Nested
    class ScheduledReconcile extends Scenario {

        private Report continued;

        @Override
        Run trigger() {
            MotoOrganization organization = freshOrganization();
            Report report = invokeOnce(MotoLambda.CHECK_FUNCTION, organization,
                    EventFiles.read("manual-reconcile-start.json"));
            List<Delivery> deliveries = alerts.deliveries();
            continued = invokeOnce(MotoLambda.CHECK_FUNCTION, organization,
                    EventFiles.read("manual-reconcile-continue.json"));
            return new Run(organization, byAccount(report.results()), deliveries);
        }

        @Override
        int expectedMessages() {
            return 1;
        }

        @Test
        void theContinueThatFollows_findsTheRunFinished_andSendsNothing() {
            assertThat(continued.results()).isEmpty();
            assertThat(continued.note()).hasValueSatisfying(note -> assertThat(note)
                    .startsWith("no run to continue").contains("is finished"));
            assertThat(alerts.deliveries()).as("no second digest").hasSize(1);
        }
    }

    /**
     * {@code events/account-joined.json} once per account, its account ID rewritten, through one JVM of the join
     * function (the first invocation cold, the rest warm, as Lambda reuses an instance).
     */
    @Nested
    class JoinEvents extends Scenario {

        @Override
        Run trigger() {
            MotoOrganization organization = freshOrganization();
            var results = new LinkedHashMap<String, Map<String, Object>>();
            List<String> log = new CopyOnWriteArrayList<>();
            try (FunctionInstance function = LocalInvoke.start(MotoLambda.request(MotoLambda.JOIN_FUNCTION,
                    moto.endpoint(), organization, log::add).build())) {
                for (AccountKind kind : AccountKind.values()) {
                    String accountId = organization.accountId(kind);
                    InvokeResult result = function.invoke(joinEvent(accountId));
                    System.out.println("[moto] join " + kind + ": " + result.reportLine());
                    if (result.isSuccess()) {
                        results.putAll(byAccount(report(result).results()));
                    } else {
                        // The join function fails the invocation on FAILED, so that Lambda retries: say why.
                        results.put(accountId, Map.of("outcome", "invocation " + result.status(), "reason",
                                result.errorType() + ": " + result.errorMessage()));
                    }
                }
            }
            return new Run(organization, results, alerts.deliveries());
        }

        @Override
        int expectedMessages() {
            return oneMessagePerAnnouncedAccount();
        }

        /** The example event as a person passes it to {@code sam local invoke -e}, naming the given account. */
        private static String joinEvent(String accountId) {
            return EventFiles.accountJoined(accountId);
        }
    }

    /** The facts above that the scenarios rest on, asserted on this moto, so that a moto that changes says so. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WhatMotoDoes {

        private MotoOrganization organization;

        @BeforeAll
        void seed() {
            organization = freshOrganization();
        }

        @Test
        void createAccount_makesTheAccessRoleTrustingTheManagementAccount_withNoPolicy() {
            MotoClients management = new MotoClients(moto.endpoint(), MANAGEMENT_ACCOUNT_ID);
            String accountId;
            try (OrganizationsClient organizations = management.organizations()) {
                accountId = organizations.createAccount(r -> r.accountName("fresh").email("fresh@example.com"))
                        .createAccountStatus().accountId();
                Account account = organizations.describeAccount(r -> r.accountId(accountId)).account();
                assertThat(account.stateAsString()).isEqualTo("ACTIVE");
                assertThat(account.statusAsString()).isEqualTo("ACTIVE");
                assertThat(account.joinedMethodAsString()).isEqualTo("CREATED");
            }
            try (IamClient iam = new MotoClients(moto.endpoint(), accountId).iam()) {
                IamState state = IamState.read(iam);
                assertThat(state.roles()).containsOnlyKeys(ACCESS_ROLE);
                RoleState role = state.role(ACCESS_ROLE).orElseThrow();
                assertThat(role.trustStatements()).singleElement()
                        .satisfies(statement -> assertTrustsOnly(statement, MANAGEMENT_ROOT));
                assertThat(role.inlinePolicies()).as("moto gives the role no permissions: the seed adds AWS's")
                        .isEmpty();
                assertThat(role.attachedPolicyArns()).isEmpty();
                assertThat(iam.getRole(r -> r.roleName(ACCESS_ROLE)).role().assumeRolePolicyDocument())
                        .as("URL-encoded, as IAM returns it").startsWith("%7B");
            }
        }

        @Test
        void closeAccount_suspendsIt() {
            try (OrganizationsClient organizations =
                         new MotoClients(moto.endpoint(), MANAGEMENT_ACCOUNT_ID).organizations()) {
                Account closed = organizations.describeAccount(r -> r.accountId(
                        organization.accountId(AccountKind.CLOSED))).account();
                assertThat(closed.stateAsString()).isEqualTo("SUSPENDED");
                assertThat(closed.statusAsString()).isEqualTo("SUSPENDED");
            }
        }

        @Test
        void listAccounts_pagesThroughEveryAccountOnce() {
            try (OrganizationsClient organizations =
                         new MotoClients(moto.endpoint(), MANAGEMENT_ACCOUNT_ID).organizations()) {
                List<String> ids = organizations.listAccountsPaginator(r -> r.maxResults(2)).stream()
                        .flatMap(page -> page.accounts().stream())
                        .map(Account::id).toList();
                assertThat(ids).doesNotHaveDuplicates().hasSize(AccountKind.values().length + 1)
                        .contains(MANAGEMENT_ACCOUNT_ID);
            }
        }

        @Test
        void theFunctionsCredentials_actInTheManagementAccount_andItsRoleSessionsInTheirRolesAccounts() {
            String member = organization.accountId(AccountKind.CREATED_BY_ORGANIZATIONS);
            try (StsClient sts = functionSts()) {
                assertThat(sts.getCallerIdentity().account()).isEqualTo(MANAGEMENT_ACCOUNT_ID);
                var session = sts.assumeRole(r -> r.roleArn(roleArn(member, ACCESS_ROLE))
                        .roleSessionName("fact")).credentials();
                try (StsClient asMember = StsClient.builder().endpointOverride(moto.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                                AwsSessionCredentials.create(
                                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken())))
                        .build()) {
                    assertThat(asMember.getCallerIdentity().arn())
                            .isEqualTo("arn:aws:sts::" + member + ":assumed-role/" + ACCESS_ROLE + "/fact");
                }
            }
        }

        /** Why every outcome that hangs on a trust policy stays on our emulator. */
        @Test
        void assumeRole_evaluatesNoTrustPolicy() {
            String member = organization.accountId(AccountKind.BOOTSTRAP_ROLE_ONLY);
            try (IamClient iam = new MotoClients(moto.endpoint(), member).iam()) {
                iam.createRole(r -> r.roleName("TrustsSomeoneElse").assumeRolePolicyDocument(
                        PolicyDocuments.trust("arn:aws:iam::999999999999:root")));
            }
            try (StsClient sts = functionSts()) {
                assertThat(sts.assumeRole(r -> r.roleArn(roleArn(member, "TrustsSomeoneElse"))
                        .roleSessionName("fact")).credentials().accessKeyId())
                        .as("AWS refuses this (the trust admits only 999999999999); moto does not").isNotBlank();
            }
        }

        @Test
        void assumeRole_ofARoleThatDoesNotExist_isAccessDenied_throughMotoServerPy() {
            String member = organization.accountId(AccountKind.NO_ROLE);
            try (StsClient sts = functionSts()) {
                assertThatThrownBy(() -> sts.assumeRole(r -> r.roleArn(roleArn(member, ACCESS_ROLE))
                        .roleSessionName("fact")))
                        .isInstanceOfSatisfying(StsException.class, e -> {
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                            assertThat(e.statusCode()).isEqualTo(403);
                        });
            }
        }

        private StsClient functionSts() {
            return StsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(organization.functionCredentials()))
                    .build();
        }
    }

    /** Runs one event through a fresh JVM of the function and returns its response. */
    private static Report invokeOnce(String function, MotoOrganization organization, String event) {
        List<String> log = new CopyOnWriteArrayList<>();
        InvokeResult result = LocalInvoke.invoke(MotoLambda.request(function, moto.endpoint(), organization, log::add)
                .event(event).build());
        System.out.println("[moto] " + function + ": " + result.reportLine());
        assertThat(result.isSuccess()).as("%s answered %s: %s %s%n%s", function, result.status(), result.errorType(),
                result.errorMessage(), String.join("\n", log)).isTrue();
        return report(result);
    }

    @SuppressWarnings("unchecked")
    private static Report report(InvokeResult result) {
        return new Report((Map<String, Object>) Json.parse(result.responseJson()));
    }

    private static Map<String, Map<String, Object>> byAccount(List<Map<String, Object>> results) {
        return results.stream().collect(Collectors.toMap(result -> (String) result.get("accountId"),
                Function.identity(), (first, second) -> second, LinkedHashMap::new));
    }

    private static String roleArn(String accountId, String roleName) {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }

    /** One Allow of {@code sts:AssumeRole} to exactly this AWS principal, without conditions. */
    @SuppressWarnings("unchecked")
    private static void assertTrustsOnly(Object statement, String principal) {
        Map<String, Object> allow = (Map<String, Object>) statement;
        assertThat(allow.get("Effect")).isEqualTo("Allow");
        assertThat(asList(allow.get("Action"))).containsExactly("sts:AssumeRole");
        assertThat(asList(((Map<String, Object>) allow.get("Principal")).get("AWS"))).containsExactly(principal);
        assertThat(allow).doesNotContainKeys("Condition", "NotPrincipal", "NotAction");
    }

    private static List<Object> asList(Object value) {
        return value instanceof List<?> list ? List.copyOf(list) : List.of(value);
    }
}
