package io.orgaccessguard.emulator;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.BucketSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.emulator.seed.TableSeed;

/** An organization with DynamoDB tables and S3 buckets, for the storage tests. */
final class StorageOrgs {

    static final String ORG = "o-test123456";
    static final String MGMT = "111111111111";
    static final String MEMBER = "222222222222";
    static final String DENIED_MEMBER = "333333333333";
    static final String OUTSIDER = "999999999999";

    static final String STATUS = "org-access-guard-status";
    static final String STATUS_ARN = "arn:aws:dynamodb:us-east-1:" + MGMT + ":table/" + STATUS;
    static final String PROVISIONED = "provisioned-status";
    static final String NUMBERS = "numbered";
    static final String HASH_ONLY = "hash-only";

    /** Versioned, SSE-KMS with a customer managed key, shared with the organization (minus one account). */
    static final String TEMPLATES = "guard-templates-111111111111";
    /** No policy, default SSE-S3, no versioning. */
    static final String PLAIN = "guard-plain-111111111111";
    /** Shared with the organization but encrypted with the AWS managed key aws/s3. */
    static final String MANAGED_KEY = "guard-managed-key-111111111111";
    static final String CUSTOMER_KEY = "arn:aws:kms:us-east-1:" + MGMT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private StorageOrgs() {
    }

    static String bucketPolicy(String bucket, String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** Allow everyone in the organization to read objects: the aws:PrincipalOrgID pattern. */
    static String orgRead(String bucket) {
        return "{\"Sid\":\"OrgRead\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + bucket + "/*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"" + ORG + "\"}}}";
    }

    static OrganizationSeed seed() {
        String templatesPolicy = bucketPolicy(TEMPLATES, orgRead(TEMPLATES),
                "{\"Sid\":\"ReaderRole\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + MGMT
                        + ":role/TemplateReader\"},\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                        + "\"Resource\":[\"arn:aws:s3:::" + TEMPLATES + "\",\"arn:aws:s3:::" + TEMPLATES + "/*\"]}",
                "{\"Sid\":\"NotLegacy\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + DENIED_MEMBER
                        + ":root\"},\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::" + TEMPLATES + "/*\"}");
        return OrganizationSeed.builder()
                .organizationId(ORG)
                .managementAccount(AccountSeed.builder(MGMT).name("Management").joinedMethod("CREATED")
                        .table(STATUS)
                        .table(TableSeed.builder(PROVISIONED).provisioned().build())
                        .table(TableSeed.builder(NUMBERS).sortKey("n", "N").build())
                        .table(TableSeed.builder(HASH_ONLY).partitionKey("id", "S").noSortKey().build())
                        .role(RoleSeed.builder("StatusReader").trusting(MGMT)
                                .inlinePolicy("read", PolicyDocuments.allow(STATUS_ARN, "dynamodb:GetItem",
                                        "dynamodb:Query"))
                                .build())
                        .role(RoleSeed.builder("StatusWriter").trusting(MGMT)
                                .inlinePolicy("write", PolicyDocuments.allow(STATUS_ARN, "dynamodb:*"))
                                .inlinePolicy("never-delete", PolicyDocuments.deny("*", "dynamodb:DeleteItem"))
                                .build())
                        .role(RoleSeed.builder("TemplateReader").trusting(MGMT).build())
                        .role(RoleSeed.builder("NoPermissions").trusting(MGMT).build())
                        .role(RoleSeed.builder("S3ReadOnly").trusting(MGMT)
                                .managedPolicy("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").build())
                        .role(RoleSeed.builder("TemplateWriter").trusting(MGMT)
                                .inlinePolicy("write", PolicyDocuments.allow("arn:aws:s3:::" + TEMPLATES + "/*",
                                        "s3:PutObject", "s3:GetObject"))
                                .build())
                        .role(RoleSeed.builder("DeniedReader").trusting(MGMT)
                                .inlinePolicy("deny", PolicyDocuments.deny("*", "s3:GetObject"))
                                .build())
                        .bucket(BucketSeed.builder(TEMPLATES).versioned(true).kmsEncryption(CUSTOMER_KEY)
                                .bucketKeyEnabled(true).policy(templatesPolicy).build())
                        .bucket(BucketSeed.builder(PLAIN).build())
                        .bucket(BucketSeed.builder(MANAGED_KEY).kmsEncryption(null)
                                .policy(bucketPolicy(MANAGED_KEY, orgRead(MANAGED_KEY))).build())
                        .build())
                .account(AccountSeed.builder(MEMBER).name("Payments Prod")
                        .role(RoleSeed.builder("NoPermissions").trusting(MGMT).build())
                        .build())
                .account(AccountSeed.builder(DENIED_MEMBER).name("Legacy Billing").build())
                .externalAccount(AccountSeed.builder(OUTSIDER).name("Outside").build())
                .build();
    }
}
