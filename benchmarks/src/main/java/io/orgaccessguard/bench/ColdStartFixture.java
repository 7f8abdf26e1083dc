package io.orgaccessguard.bench;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.ARTIFACT_BUCKET;
import static io.orgaccessguard.testsupport.Fixtures.ARTIFACT_BUCKET_KEY;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static io.orgaccessguard.testsupport.Fixtures.REGION;
import static io.orgaccessguard.testsupport.Fixtures.STATUS_TABLE;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_NAME;

import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.BucketSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.EnvVarsFile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The organization ColdStartBenchmark runs the join function against, and how the function is pointed at it: the
 * emulator's endpoint in {@code AWS_ENDPOINT_URL}, a session of the function's execution role as credentials (what
 * Lambda gives an on-demand function), the alert topic. The accounts and events are those of {@code events/} and the
 * integration tests, so the two join events end in {@code ACCESS_VERIFIED} and {@code ROLE_CREATED}; the organization,
 * management account, topic and role names are those every module shares ({@code Fixtures}).
 */
final class ColdStartFixture {

    static final String WITH_ACCESS_ROLE = "222222222222";
    static final String WITH_BOOTSTRAP_ONLY = "333333333333";
    /** The deployment both function cases run as: the bootstrap role configured, as {@code sam deploy} would set it. */
    static final Map<String, String> PARAMETER_OVERRIDES = Map.of("BootstrapRoleNames", BOOTSTRAP_ROLE);

    private static final Instant LONG_AGO = Instant.parse("2021-06-14T12:00:00Z");

    private ColdStartFixture() {
    }

    /** A join event of {@code events/} and the outcome it must end in. */
    record Scenario(String eventFile, String accountId, String outcome) {
    }

    static final Scenario ACCESS_VERIFIED =
            new Scenario("account-joined-api-call.json", WITH_ACCESS_ROLE, "ACCESS_VERIFIED");
    static final Scenario ROLE_CREATED = new Scenario("account-joined.json", WITH_BOOTSTRAP_ONLY, "ROLE_CREATED");

    /** A fresh emulator: the bootstrap-only account has no access role yet, so ROLE_CREATED is what each run does. */
    static AwsEmulator startEmulator() {
        return AwsEmulator.start(EmulatorOptions.builder().seed(7).build(), organization());
    }

    static OrganizationSeed organization() {
        AccountSeed management = AccountSeed.builder(MANAGEMENT_ACCOUNT_ID).name("Management").joinedMethod("CREATED")
                .joinedTimestamp(LONG_AGO).topic(TOPIC_NAME).table(STATUS_TABLE)
                // The stack's bucket, as deployed: configured on every cold start, written by no join of these two.
                .bucket(BucketSeed.builder(ARTIFACT_BUCKET).versioned(true).kmsEncryption(ARTIFACT_BUCKET_KEY)
                        .build())
                .role(RoleSeed.builder(FUNCTION_ROLE)
                        .trustPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                                + "{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}")
                        .inlinePolicy("org-access-guard", PolicyDocuments.allow("*", "sts:AssumeRole",
                                "organizations:Describe*", "organizations:List*", "organizations:TagResource",
                                "dynamodb:*", "sns:Publish", "s3:PutObject", "s3:GetObject"))
                        .build())
                .build();
        return OrganizationSeed.builder().organizationId(ORGANIZATION_ID).managementAccount(management).root("r-exam")
                .account(member(WITH_ACCESS_ROLE, "Payments Prod")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT)
                                .managedPolicy(ADMINISTRATOR_ACCESS).build())
                        .build())
                .account(member(WITH_BOOTSTRAP_ONLY, "Data Lake Dev")
                        .role(RoleSeed.builder(BOOTSTRAP_ROLE).trusting(MANAGEMENT_ROOT)
                                .inlinePolicy("create-access-role", PolicyDocuments.allow(
                                        "arn:aws:iam::" + WITH_BOOTSTRAP_ONLY + ":role/" + ACCESS_ROLE,
                                        "iam:CreateRole", "iam:GetRole", "iam:TagRole", "iam:AttachRolePolicy",
                                        "iam:ListAttachedRolePolicies", "iam:UpdateAssumeRolePolicy"))
                                .build())
                        .build())
                .build();
    }

    private static AccountSeed.Builder member(String id, String name) {
        return AccountSeed.builder(id).name(name).email(id + "@example.com").state("ACTIVE").joinedMethod("INVITED")
                .joinedTimestamp(LONG_AGO);
    }

    /**
     * The {@code --env-vars} file of one run: the emulator's endpoint, the region, a session of the function role (the
     * standard variables, as Lambda sets them for an on-demand function), and the topic only a deployment knows.
     */
    static EnvVarsFile envVars(AwsEmulator aws) {
        AwsCredentials role = aws.credentialsForRole(MANAGEMENT_ACCOUNT_ID, FUNCTION_ROLE, "org-access-guard");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("AWS_ENDPOINT_URL", aws.endpoint().toString());
        all.put("AWS_REGION", REGION);
        all.put("AWS_ACCESS_KEY_ID", role.accessKeyId());
        all.put("AWS_SECRET_ACCESS_KEY", role.secretAccessKey());
        all.put("AWS_SESSION_TOKEN", role.sessionToken().orElseThrow());
        all.put("NOTIFICATION_TOPIC_ARN", TOPIC_ARN);
        all.put("FUNCTION_ROLE_ARNS", "");
        all.put("STATUS_TABLE_NAME", STATUS_TABLE);
        all.put("ARTIFACT_BUCKET", ARTIFACT_BUCKET);
        all.put("ORGANIZATION_ID", ORGANIZATION_ID);
        all.put("S3_FORCE_PATH_STYLE", "true");
        return EnvVarsFile.parse(Json.write(Map.of(EnvVarsFile.ALL_FUNCTIONS, all)));
    }

    /** The outcome of the one account in a join function's response, or why there is none. */
    @SuppressWarnings("unchecked")
    static String outcome(String responseJson, String accountId) {
        if (responseJson == null) {
            return "no response";
        }
        Object results = ((Map<String, Object>) Json.parse(responseJson)).get("results");
        if (results instanceof List<?> list) {
            for (Object result : list) {
                Map<String, Object> r = (Map<String, Object>) result;
                if (accountId.equals(r.get("accountId"))) {
                    return String.valueOf(r.get("outcome"));
                }
            }
        }
        return "no result for " + accountId;
    }
}
