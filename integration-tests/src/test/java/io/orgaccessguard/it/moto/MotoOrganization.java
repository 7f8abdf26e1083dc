package io.orgaccessguard.it.moto;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_NAME;

import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.testsupport.Fixtures;
import java.net.URI;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.CreateAccountState;
import software.amazon.awssdk.services.organizations.model.CreateAccountStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * An organization seeded into moto through the SDK, each member account made the way AWS makes it (see
 * {@link AccountKind}): the management account {@value Fixtures#MANAGEMENT_ACCOUNT_ID} with the function's execution
 * role and the alert topic, an organization created there, and one member account of each kind, made by
 * {@code CreateAccount}.
 *
 * <p>What moto's {@code CreateAccount} leaves out is added as AWS does it, and what moto cannot do is simulated:
 * <ul>
 *   <li>moto creates {@code OrganizationAccountAccessRole} with the right trust (the management account's root) but
 *       <em>no policy at all</em>; AWS gives it full administrator permissions
 *       (https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreateAccount.html, RoleName: "The role has
 *       administrator permissions in the new member account";
 *       https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_access-cross-account-role.html:
 *       "This role has full administrative permissions in the member account"). Organizations grants them inline, as
 *       a policy named {@code AdministratorAccess} allowing {@code "*"} on {@code "*"} with no managed policy attached
 *       (issue 10, reproduced in a real organization; tools that flag customer policies granting {@code *:*} meet
 *       it on this role, e.g. https://github.com/duo-labs/cloudmapper/issues/567). No AWS page found states the
 *       inline form in words; the API reference and user guide above say only "administrator permissions".</li>
 *   <li>moto 5.2.1 has no invitations ({@code InviteAccountToOrganization}, handshakes): an invited account is made by
 *       {@code CreateAccount} and then stripped of the role Organizations made, since an invited account joins
 *       without one (invited accounts "do not automatically get an administrator role created":
 *       https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html). Its {@code JoinedMethod} reads
 *       {@code CREATED}; the function decides nothing on it.</li>
 *   <li>A hand-made access role follows that same page: trust the management account, attach the AWS managed policy
 *       {@code AdministratorAccess} ({@link Accounts#accessRole()}).</li>
 * </ul>
 */
final class MotoOrganization {

    /** The inline policy Organizations puts on the role it creates: full administrator access. */
    static final String CREATED_ROLE_POLICY_NAME = "AdministratorAccess";
    /** The stack's status table (template.yaml StatusTable), as the function's environment names it. */
    static final String STATUS_TABLE = Fixtures.STATUS_TABLE;
    static final String CREATED_ROLE_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private final URI endpoint;
    private final String organizationId;
    private final String topicArn;
    private final Map<AccountKind, String> accounts;
    private final Map<AccountKind, IamState> seededState;
    private final AwsSessionCredentials functionCredentials;

    private MotoOrganization(URI endpoint, String organizationId, String topicArn, Map<AccountKind, String> accounts,
                             Map<AccountKind, IamState> seededState, AwsSessionCredentials functionCredentials) {
        this.endpoint = endpoint;
        this.organizationId = organizationId;
        this.topicArn = topicArn;
        this.accounts = Map.copyOf(accounts);
        this.seededState = Map.copyOf(seededState);
        this.functionCredentials = functionCredentials;
    }

    /**
     * Seeds a fresh (reset) moto.
     *
     * @param alertEndpoint an HTTP endpoint subscribed to the alert topic
     */
    static MotoOrganization seed(URI endpoint, URI alertEndpoint) {
        MotoClients management = new MotoClients(endpoint, MANAGEMENT_ACCOUNT_ID);
        String organizationId;
        String topicArn;
        var accounts = new EnumMap<AccountKind, String>(AccountKind.class);
        try (IamClient iam = management.iam(); OrganizationsClient organizations = management.organizations();
             SnsClient sns = management.sns(); DynamoDbClient dynamo = management.dynamoDb()) {
            // The table as template.yaml declares it: pk and sk strings, on demand.
            dynamo.createTable(r -> r.tableName(STATUS_TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S)
                                    .build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()));
            create(iam, Accounts.management().roles().stream()
                    .filter(role -> role.name().equals(FUNCTION_ROLE)).findFirst().orElseThrow());
            organizationId = organizations.createOrganization(r -> r.featureSet("ALL")).organization().id();
            topicArn = sns.createTopic(r -> r.name(TOPIC_NAME)).topicArn();
            sns.subscribe(r -> r.topicArn(topicArn).protocol(alertEndpoint.getScheme())
                    .endpoint(alertEndpoint.toString()));
            for (AccountKind kind : AccountKind.values()) {
                String name = kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
                CreateAccountStatus status = organizations.createAccount(r -> r.accountName(name)
                        .email(name + "@example.com")).createAccountStatus();
                if (status.state() != CreateAccountState.SUCCEEDED) {
                    throw new IllegalStateException("moto's CreateAccount did not succeed: " + status);
                }
                accounts.put(kind, status.accountId());
            }
            for (AccountKind kind : AccountKind.values()) {
                shape(kind, accounts.get(kind), endpoint, organizations);
            }
        }
        var seededState = new EnumMap<AccountKind, IamState>(AccountKind.class);
        for (AccountKind kind : AccountKind.values()) {
            seededState.put(kind, readIam(endpoint, accounts.get(kind)));
        }
        return new MotoOrganization(endpoint, organizationId, topicArn, accounts, seededState,
                sessionOfFunctionRole(management));
    }

    String organizationId() {
        return organizationId;
    }

    String topicArn() {
        return topicArn;
    }

    String accountId(AccountKind kind) {
        return accounts.get(kind);
    }

    /** The account's roles right after seeding. */
    IamState seededIamState(AccountKind kind) {
        return seededState.get(kind);
    }

    /** The account's roles now, read back from moto. */
    IamState iamState(AccountKind kind) {
        return readIam(endpoint, accounts.get(kind));
    }

    /**
     * What Lambda gives the function: a session of its execution role in the management account. moto maps these keys
     * to the management account, and every role session the function opens from them to the role's own account.
     */
    AwsSessionCredentials functionCredentials() {
        return functionCredentials;
    }

    /** Turns the account moto's CreateAccount made into the kind asked for. */
    private static void shape(AccountKind kind, String accountId, URI endpoint, OrganizationsClient organizations) {
        try (IamClient iam = new MotoClients(endpoint, accountId).iam()) {
            switch (kind) {
                case CREATED_BY_ORGANIZATIONS -> {
                    completeCreatedRole(iam);
                    create(iam, Accounts.bootstrapRole(accountId));
                }
                case CREATED_WITH_BOTH_POLICIES -> {
                    completeCreatedRole(iam);
                    iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(Fixtures.ADMINISTRATOR_ACCESS));
                    create(iam, Accounts.bootstrapRole(accountId));
                }
                case INVITED_WITH_MANAGED_POLICY -> {
                    joinWithoutRole(iam);
                    create(iam, Accounts.accessRole());
                    create(iam, Accounts.bootstrapRole(accountId));
                }
                case READ_ONLY_ROLE_AND_BOOTSTRAP_ROLE -> {
                    joinWithoutRole(iam);
                    create(iam, readOnlyAccessRole());
                    create(iam, Accounts.bootstrapRole(accountId));
                }
                case READ_ONLY_ROLE -> {
                    joinWithoutRole(iam);
                    create(iam, readOnlyAccessRole());
                }
                case BOOTSTRAP_ROLE_ONLY -> {
                    joinWithoutRole(iam);
                    create(iam, Accounts.bootstrapRole(accountId));
                }
                case NO_ROLE -> joinWithoutRole(iam);
                case CLOSED -> {
                    completeCreatedRole(iam);
                    organizations.closeAccount(r -> r.accountId(accountId));
                }
            }
        }
    }

    /** An access role made by hand that trusts the management account but only lets it read. */
    private static RoleSeed readOnlyAccessRole() {
        return RoleSeed.builder(ACCESS_ROLE).trusting(Fixtures.MANAGEMENT_ROOT).managedPolicy(Fixtures.READ_ONLY_ACCESS)
                .build();
    }

    /** What moto's CreateAccount leaves out of the role AWS makes: its administrator permissions, inline. */
    private static void completeCreatedRole(IamClient iam) {
        iam.putRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName(CREATED_ROLE_POLICY_NAME)
                .policyDocument(CREATED_ROLE_POLICY));
    }

    /** An invited account joins with no role: undo the one moto's CreateAccount made (it has no policy to detach). */
    private static void joinWithoutRole(IamClient iam) {
        iam.deleteRole(r -> r.roleName(ACCESS_ROLE));
    }

    private static void create(IamClient iam, RoleSeed role) {
        iam.createRole(r -> r.roleName(role.name()).path(role.path()).assumeRolePolicyDocument(role.trustPolicy())
                .description(role.description()));
        role.managedPolicyArns().forEach(arn -> iam.attachRolePolicy(r -> r.roleName(role.name()).policyArn(arn)));
        role.inlinePolicies().forEach((name, document) -> iam.putRolePolicy(r -> r.roleName(role.name())
                .policyName(name).policyDocument(document)));
    }

    private static IamState readIam(URI endpoint, String accountId) {
        try (IamClient iam = new MotoClients(endpoint, accountId).iam()) {
            return IamState.read(iam);
        }
    }

    private static AwsSessionCredentials sessionOfFunctionRole(MotoClients management) {
        try (StsClient sts = management.sts()) {
            Credentials credentials = sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/"
                    + FUNCTION_ROLE).roleSessionName("org-access-guard").durationSeconds(3600)).credentials();
            return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                    credentials.sessionToken());
        }
    }
}
