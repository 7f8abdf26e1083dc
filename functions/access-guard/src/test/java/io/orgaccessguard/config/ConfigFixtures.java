package io.orgaccessguard.config;

import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.testsupport.Fixtures;
import java.util.HashMap;
import java.util.Map;

/** Values shared by the configuration tests; those of every module's tests are in {@link Fixtures}. */
final class ConfigFixtures {

    static final String OTHER_ACCOUNT_ID = "222222222222";
    static final Organization COMMERCIAL = Fixtures.ORGANIZATION;
    static final Organization GOV_CLOUD = new Organization(ORGANIZATION_ID, MANAGEMENT_ACCOUNT_ID, "aws-us-gov");
    static final Organization CHINA = new Organization(ORGANIZATION_ID, MANAGEMENT_ACCOUNT_ID, "aws-cn");

    /** A customer-managed policy by path and name, as each member account must hold it. */
    static final String CUSTOMER_POLICY_WITH_PATH = "/team/admin/BreakGlass";
    /** The same policy named by one account's ARN: refused, no other account can attach it. */
    static final String ONE_ACCOUNTS_POLICY_ARN = "arn:aws:iam::" + OTHER_ACCOUNT_ID + ":policy/team/admin/BreakGlass";
    static final String GOV_CLOUD_POLICY = "arn:aws-us-gov:iam::aws:policy/AdministratorAccess";
    static final String CHINA_POLICY = "arn:aws-cn:iam::aws:policy/AdministratorAccess";

    static final String AUTOMATION_ROLE = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/automation/OrgAdmin";
    static final String BREAK_GLASS_USER = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":user/break-glass";
    static final String GOV_CLOUD_ROOT = "arn:aws-us-gov:iam::" + MANAGEMENT_ACCOUNT_ID + ":root";
    static final String CHINA_ROLE = "arn:aws-cn:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/OrgAdmin";

    static final String GOV_CLOUD_TOPIC = "arn:aws-us-gov:sns:us-gov-west-1:" + MANAGEMENT_ACCOUNT_ID + ":guard";
    static final String CHINA_TOPIC = "arn:aws-cn:sns:cn-north-1:" + MANAGEMENT_ACCOUNT_ID + ":guard_alerts";
    static final String FIFO_TOPIC = "arn:aws:sns:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":org-access-guard.fifo";

    /** 64 characters: the longest IAM role name and Lambda function name. */
    static final String NAME_OF_64 = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String NAME_OF_65 = NAME_OF_64 + "c";

    private ConfigFixtures() {
    }

    static Map<String, String> env(String... namesAndValues) {
        var env = new HashMap<String, String>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    static GuardConfig configWith(String variable, String value) {
        return GuardConfig.from(env(variable, value));
    }

    /** {@code count} distinct customer-managed policy ARNs, comma-separated. */
    static String policyList(int count) {
        var list = new StringBuilder();
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append("/P").append(i);
        }
        return list.toString();
    }
}
