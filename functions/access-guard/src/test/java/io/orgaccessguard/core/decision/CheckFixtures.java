package io.orgaccessguard.core.decision;

import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;

/** Principals and trust documents shared by the check tests; the management account is {@code Fixtures}'. */
final class CheckFixtures {

    static final String MANAGEMENT_ROLE = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/OrgAdmin";
    static final String CHINA_MANAGEMENT_ROOT = "arn:aws-cn:iam::" + MANAGEMENT_ACCOUNT_ID + ":root";
    static final String PARTNER_ROOT = "arn:aws:iam::999999999999:root";
    static final String PARTNER_ACCOUNT_ID = "999999999999";

    private CheckFixtures() {
    }

    /** A trust policy of these statements. */
    static String trust(String... statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", statements) + "]}";
    }

    /** An unconditional statement; {@code principal} and {@code action} are JSON values. */
    static String statement(String effect, String principal, String action) {
        return "{\"Effect\": \"%s\", \"Principal\": %s, \"Action\": %s}".formatted(effect, principal, action);
    }

    static String allow(String principal, String action) {
        return statement("Allow", principal, action);
    }

    static String allowAws(String arnOrId) {
        return allow("{\"AWS\": \"" + arnOrId + "\"}", "\"sts:AssumeRole\"");
    }

    /** What AWS's own procedure writes into OrganizationAccountAccessRole, as the console shows it. */
    static final String CONSOLE_STYLE_TRUST = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Principal": {
                    "AWS": "arn:aws:iam::111111111111:root"
                  },
                  "Action": "sts:AssumeRole",
                  "Condition": {}
                }
              ]
            }
            """;

    /** A partner's statement that a repair must keep as it is, condition included. */
    static final String PARTNER_STATEMENT = """
            {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
             "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "partner-external-id"}}}
            """;

    static final String EC2_STATEMENT = """
            {"Sid": "Ec2", "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
             "Action": "sts:AssumeRole"}
            """;
}
