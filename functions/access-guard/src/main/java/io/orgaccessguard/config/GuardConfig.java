package io.orgaccessguard.config;

import io.orgaccessguard.core.model.AccessRole;
import io.orgaccessguard.core.model.NotifyOn;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Everything the function is told by its environment, read and validated once at start-up.
 *
 * @param accessPolicyArns policies attached to a created access role; empty means the partition's
 *     {@code AdministratorAccess}, resolved once the partition is known
 * @param trustedPrincipalArns principals the created role trusts; empty means the management account's root
 * @param notificationTopicArn where results that need a person go; empty disables notifications (local runs)
 * @param recheckFunctionName the function an operator invokes to re-check an account (named in remediation steps)
 * @param maxConcurrency how many accounts are checked at once
 * @param reminderInterval how often a still-open problem is announced again; zero never reminds
 * @param functionRoleArns the roles the functions run as: a {@code TRUSTED_PRINCIPAL_ARNS} that names them all lets
 *     the function verify the roles it makes without trusting the whole management account
 * @param region the Region the function runs in (Lambda's reserved {@code AWS_REGION}), for the commands it prints
 * @param statusTableName the stack's DynamoDB table: each account's status and the scheduled run's progress
 * @param artifactBucket the stack's bucket for the member-account templates (quick-create links in alerts) and the
 *     access directory; empty disables both
 * @param organizationId the organization the bucket policy admits; when set, a function that finds itself in another
 *     organization refuses to run rather than hand out links that organization cannot open
 * @param s3ForcePathStyle address the bucket by path ({@code <endpoint>/<bucket>/<key>}) rather than by host name: the
 *     SDK's {@code forcePathStyle}, which it reads from no variable of its own; {@code true} only for a local endpoint
 *     ({@code AWS_ENDPOINT_URL}) that serves buckets by path, as emulators do
 * @param profileNameTemplate how the access directory names each account's CLI profile
 *     ({@link #PROFILE_NAME_TEMPLATE_FORM}); the default gives the account's name as a slug
 * @param profileRegion the {@code region} of the directory's CLI profiles; empty gives the function's own Region
 */
public record GuardConfig(String accessRoleName, List<String> bootstrapRoleNames, List<String> accessPolicyArns,
                          List<String> trustedPrincipalArns, Optional<String> notificationTopicArn, NotifyOn notifyOn,
                          boolean dryRun, boolean repairTrust, Duration rolePropagationWait,
                          Duration reconcileLookback, String recheckFunctionName, int maxConcurrency,
                          Duration reminderInterval, List<String> functionRoleArns, String region,
                          String statusTableName, Optional<String> artifactBucket,
                          Optional<String> organizationId, boolean s3ForcePathStyle, String profileNameTemplate,
                          Optional<String> profileRegion) {

    public static final String ACCESS_ROLE_NAME = "ACCESS_ROLE_NAME";
    public static final String BOOTSTRAP_ROLE_NAMES = "BOOTSTRAP_ROLE_NAMES";
    public static final String ACCESS_POLICY_ARNS = "ACCESS_POLICY_ARNS";
    public static final String TRUSTED_PRINCIPAL_ARNS = "TRUSTED_PRINCIPAL_ARNS";
    public static final String NOTIFICATION_TOPIC_ARN = "NOTIFICATION_TOPIC_ARN";
    public static final String NOTIFY_ON = "NOTIFY_ON";
    public static final String DRY_RUN = "DRY_RUN";
    public static final String REPAIR_TRUST = "REPAIR_TRUST";
    public static final String ROLE_PROPAGATION_WAIT_SECONDS = "ROLE_PROPAGATION_WAIT_SECONDS";
    public static final String RECONCILE_LOOKBACK_HOURS = "RECONCILE_LOOKBACK_HOURS";
    public static final String RECHECK_FUNCTION_NAME = "RECHECK_FUNCTION_NAME";
    public static final String MAX_CONCURRENCY = "MAX_CONCURRENCY";
    public static final String REMINDER_INTERVAL_HOURS = "REMINDER_INTERVAL_HOURS";
    public static final String FUNCTION_ROLE_ARNS = "FUNCTION_ROLE_ARNS";
    public static final String STATUS_TABLE_NAME = "STATUS_TABLE_NAME";
    public static final String ARTIFACT_BUCKET = "ARTIFACT_BUCKET";
    public static final String ORGANIZATION_ID = "ORGANIZATION_ID";
    public static final String S3_FORCE_PATH_STYLE = "S3_FORCE_PATH_STYLE";
    public static final String PROFILE_NAME_TEMPLATE = "PROFILE_NAME_TEMPLATE";
    public static final String PROFILE_REGION = "PROFILE_REGION";
    /** Set by Lambda itself (a reserved variable), so not among {@link #VARIABLES} the template sets. */
    public static final String AWS_REGION = "AWS_REGION";

    /** Every variable this record reads; the template drift test compares it with what template.yaml sets. */
    public static final List<String> VARIABLES = List.of(ACCESS_ROLE_NAME, BOOTSTRAP_ROLE_NAMES, ACCESS_POLICY_ARNS,
            TRUSTED_PRINCIPAL_ARNS, NOTIFICATION_TOPIC_ARN, NOTIFY_ON, DRY_RUN, REPAIR_TRUST,
            ROLE_PROPAGATION_WAIT_SECONDS, RECONCILE_LOOKBACK_HOURS, RECHECK_FUNCTION_NAME, MAX_CONCURRENCY,
            REMINDER_INTERVAL_HOURS, FUNCTION_ROLE_ARNS, STATUS_TABLE_NAME, ARTIFACT_BUCKET, ORGANIZATION_ID,
            S3_FORCE_PATH_STYLE, PROFILE_NAME_TEMPLATE, PROFILE_REGION);

    public static final String DEFAULT_ACCESS_ROLE_NAME = "OrganizationAccountAccessRole";
    public static final String DEFAULT_RECHECK_FUNCTION_NAME = "org-access-guard-check";
    public static final String DEFAULT_STATUS_TABLE_NAME = "org-access-guard-status";
    /** DynamoDB table names: 3-255 of letters, digits, _ . and -. */
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

    /** IAM role names: 1-64 of letters, digits and {@code +=,.@_-}. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** An AWS managed policy, which every account holds. */
    private static final Pattern AWS_MANAGED_POLICY_ARN =
            Pattern.compile("arn:aws(-us-gov|-cn)?:iam::aws:policy/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}");
    /** A customer-managed policy by path and name ({@code /ops/OpsAdmin}), which each member account must hold. */
    private static final Pattern CUSTOMER_POLICY_PATH = Pattern.compile("(/[\\w+=,.@-]+)*/[\\w+=,.@-]{1,128}");
    /** One account's customer-managed policy: refused, no other account can attach it. */
    private static final Pattern ACCOUNT_POLICY_ARN =
            Pattern.compile("arn:aws(-us-gov|-cn)?:iam::(\\d{12}):policy(/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128})");
    private static final Pattern PRINCIPAL_ARN =
            Pattern.compile("arn:aws(-us-gov|-cn)?:iam::\\d{12}:(root|(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64})");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    /** Standard topics only: a FIFO topic needs a message group on every publish, which alerts have no use for. */
    private static final Pattern TOPIC_ARN =
            Pattern.compile("arn:aws(-us-gov|-cn)?:sns:[a-z0-9-]+:\\d{12}:[\\w-]{1,256}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    /**
     * S3 bucket names: 3-63 of lower-case letters, digits, dots and hyphens, a letter or digit at each end
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
     */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Organization IDs: {@code o-} and 10-32 lower-case letters or digits (DescribeOrganization's Id pattern). */
    private static final Pattern ORGANIZATION = Pattern.compile("o-[a-z0-9]{10,32}");
    /** IAM allows at most 20 managed policies on a role (10 by default). */
    private static final int MAX_POLICIES = 20;
    /**
     * A profile name template: lower-case letters, digits, {@code . _ -} and the placeholders {@code {name}},
     * {@code {id}}, {@code {ou}}, {@code {ou_leaf}}, with {@code {name}} or {@code {id}} among them (the access
     * directory's ProfileNameTemplate says what each gives).
     */
    public static final Pattern PROFILE_NAME_TEMPLATE_FORM = Pattern.compile(
            "(?=.*\\{(?:name|id)\\})(?:[a-z0-9._-]|\\{(?:name|id|ou|ou_leaf)\\}){1,64}");
    public static final String DEFAULT_PROFILE_NAME_TEMPLATE = "{name}";

    public GuardConfig {
        bootstrapRoleNames = List.copyOf(bootstrapRoleNames);
        accessPolicyArns = List.copyOf(accessPolicyArns);
        trustedPrincipalArns = List.copyOf(trustedPrincipalArns);
        functionRoleArns = List.copyOf(functionRoleArns);
    }

    /** The access role as the core takes it: its name, the policies it must carry, the principals it must trust. */
    public AccessRole accessRole() {
        return new AccessRole(accessRoleName, accessPolicyArns, trustedPrincipalArns);
    }

    /**
     * Refuses a {@code TRUSTED_PRINCIPAL_ARNS} the function itself could never pass: the roles it creates would be
     * unassumable by it, so every one would end unverified, and every later run in a full wait and FAILED. The list
     * must admit the management account's root, or name every role the functions run as.
     *
     * @param root the root of the management account the function runs in ({@code DescribeOrganization})
     */
    public void requireVerifiable(String root) {
        if (trustedPrincipalArns.isEmpty()) {
            return;
        }
        boolean admitsFunctions = trustedPrincipalArns.contains(root)
                || !functionRoleArns.isEmpty() && trustedPrincipalArns.containsAll(functionRoleArns);
        if (!admitsFunctions) {
            throw new ConfigException(TRUSTED_PRINCIPAL_ARNS, "admits neither the management account (" + root
                    + ") nor the roles org-access-guard runs as " + functionRoleArns + ", so it could never assume"
                    + " the roles it creates to verify them; add " + root
                    + (functionRoleArns.isEmpty() ? "" : " or all of " + functionRoleArns));
        }
    }

    /**
     * Refuses to run in another organization than {@code ORGANIZATION_ID} names: the bucket policy admits only that
     * one, so every quick-create link and the directory would be closed to the accounts this function checks.
     *
     * @param actualOrganizationId the organization the function runs in ({@code DescribeOrganization})
     */
    public void requireOrganization(String actualOrganizationId) {
        organizationId.filter(expected -> !expected.equals(actualOrganizationId)).ifPresent(expected -> {
            throw new ConfigException(ORGANIZATION_ID, "is " + expected + ", but this function runs in organization "
                    + actualOrganizationId + " (DescribeOrganization), whose accounts the artifact bucket's policy"
                    + " would refuse; set it to " + actualOrganizationId);
        });
    }

    /**
     * Refuses a customer-managed policy named by its ARN: the ARN names one account's policy, and IAM attaches a
     * customer-managed policy only in the account that holds it ({@code NoSuchEntity ... not attachable}; IAM Identity
     * Center asks for a same-named policy in each account for the same reason:
     * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachCustomerManagedPolicyReferenceToPermissionSet.html).
     */
    private static void refuseAccountPolicies(String raw) {
        for (String item : raw.split(",", -1)) {
            var matcher = ACCOUNT_POLICY_ARN.matcher(item.strip());
            if (matcher.matches()) {
                throw new ConfigException(ACCESS_POLICY_ARNS, "names " + item.strip() + ", a policy of account "
                        + matcher.group(2) + " only, which no other account can attach; give it by path and name as "
                        + matcher.group(3) + " and create a policy of that path and name in every member account");
            }
        }
    }

    public static GuardConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static GuardConfig from(Map<String, String> env) {
        var reader = new Reader(env);
        String accessRoleName = reader.string(ACCESS_ROLE_NAME, DEFAULT_ACCESS_ROLE_NAME);
        reader.require(ACCESS_ROLE_NAME, accessRoleName, ROLE_NAME.asMatchPredicate(),
                "must be an IAM role name (1-64 of letters, digits and +=,.@_-)");
        List<String> bootstrap = reader.list(BOOTSTRAP_ROLE_NAMES, ROLE_NAME.asMatchPredicate(),
                "must be a comma-separated list of IAM role names");
        if (bootstrap.stream().anyMatch(name -> name.equalsIgnoreCase(accessRoleName))) {
            throw new ConfigException(BOOTSTRAP_ROLE_NAMES, "must not contain the access role name " + accessRoleName);
        }
        refuseAccountPolicies(reader.string(ACCESS_POLICY_ARNS, ""));
        List<String> policies = reader.list(ACCESS_POLICY_ARNS,
                AWS_MANAGED_POLICY_ARN.asMatchPredicate().or(CUSTOMER_POLICY_PATH.asMatchPredicate()),
                "must be a comma-separated list of AWS managed policy ARNs (arn:aws:iam::aws:policy/AdministratorAccess)"
                        + " or customer-managed policies by path and name (/ops/OpsAdmin)");
        if (policies.size() > MAX_POLICIES) {
            throw new ConfigException(ACCESS_POLICY_ARNS, "at most " + MAX_POLICIES + " policies fit on one role");
        }
        List<String> principals = reader.list(TRUSTED_PRINCIPAL_ARNS, PRINCIPAL_ARN.asMatchPredicate(),
                "must be a comma-separated list of IAM principal ARNs (account root, role or user)");
        String topic = reader.string(NOTIFICATION_TOPIC_ARN, "");
        if (!topic.isEmpty()) {
            reader.require(NOTIFICATION_TOPIC_ARN, topic, TOPIC_ARN.asMatchPredicate(),
                    "must be the ARN of a standard (not FIFO) SNS topic");
        }
        reader.require(STATUS_TABLE_NAME, reader.string(STATUS_TABLE_NAME, DEFAULT_STATUS_TABLE_NAME),
                TABLE_NAME.asMatchPredicate(), "must be a DynamoDB table name (3-255 of letters, digits, _ . and -)");
        String recheckFunctionName = reader.string(RECHECK_FUNCTION_NAME, DEFAULT_RECHECK_FUNCTION_NAME);
        reader.require(RECHECK_FUNCTION_NAME, recheckFunctionName, FUNCTION_NAME.asMatchPredicate(),
                "must be a Lambda function name (1-64 of letters, digits, - and _)");
        return new GuardConfig(accessRoleName, bootstrap, policies, principals,
                topic.isEmpty() ? Optional.empty() : Optional.of(topic),
                reader.choice(NOTIFY_ON, NotifyOn.class, NotifyOn.CHANGES),
                reader.bool(DRY_RUN, false),
                reader.bool(REPAIR_TRUST, false),
                Duration.ofSeconds(reader.integer(ROLE_PROPAGATION_WAIT_SECONDS, 60, 0, 600)),
                Duration.ofHours(reader.integer(RECONCILE_LOOKBACK_HOURS, 24, 1, 720)),
                recheckFunctionName,
                reader.integer(MAX_CONCURRENCY, 16, 1, 64),
                Duration.ofHours(reader.integer(REMINDER_INTERVAL_HOURS, 168, 0, 8760)),
                reader.list(FUNCTION_ROLE_ARNS, PRINCIPAL_ARN.asMatchPredicate(),
                        "must be a comma-separated list of IAM role ARNs"),
                reader.region(),
                reader.string(STATUS_TABLE_NAME, DEFAULT_STATUS_TABLE_NAME),
                reader.optional(ARTIFACT_BUCKET, BUCKET_NAME, "must be an S3 bucket name (3-63 of lower-case"
                        + " letters, digits, dots and hyphens, a letter or digit at each end), or empty for none"),
                reader.optional(ORGANIZATION_ID, ORGANIZATION, "must be an organization ID (o- and 10-32 lower-case"
                        + " letters or digits), or empty for none"),
                reader.bool(S3_FORCE_PATH_STYLE, false),
                reader.checked(PROFILE_NAME_TEMPLATE, DEFAULT_PROFILE_NAME_TEMPLATE, PROFILE_NAME_TEMPLATE_FORM,
                        "must be lower-case letters, digits, . _ - and the placeholders {name}, {id}, {ou},"
                        + " {ou_leaf}, with {name} or {id} among them (at most 64 characters)"),
                reader.optional(PROFILE_REGION, REGION, "must be an AWS Region code such as eu-west-1, or empty for"
                        + " the function's own Region"));
    }

    /** Reads variables, treating unset and blank alike, and names the variable in every error. */
    private record Reader(Map<String, String> env) {

        String string(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.strip();
        }

        /** The value, or {@code fallback} when unset or blank; either must match. */
        String checked(String name, String fallback, Pattern valid, String expectation) {
            String value = string(name, fallback);
            require(name, value, valid.asMatchPredicate(), expectation);
            return value;
        }

        /** Empty when unset or blank; otherwise the value, which must match. */
        Optional<String> optional(String name, Pattern valid, String expectation) {
            String value = string(name, "");
            if (value.isEmpty()) {
                return Optional.empty();
            }
            require(name, value, valid.asMatchPredicate(), expectation);
            return Optional.of(value);
        }

        void require(String name, String value, Predicate<String> valid, String expectation) {
            if (!valid.test(value)) {
                throw new ConfigException(name, expectation + "; got '" + value + "'");
            }
        }

        List<String> list(String name, Predicate<String> valid, String expectation) {
            String raw = string(name, "");
            if (raw.isEmpty()) {
                return List.of();
            }
            var items = new LinkedHashSet<String>();
            var seen = new java.util.HashSet<String>();
            for (String item : Arrays.stream(raw.split(",", -1)).map(String::strip).toList()) {
                require(name, item, valid, expectation);
                // IAM names are unique regardless of case, so "Admin" and "admin" are the same role.
                if (!seen.add(item.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(name, "lists '" + item + "' twice");
                }
                items.add(item);
            }
            return List.copyOf(items);
        }

        String region() {
            String region = string(AWS_REGION, "us-east-1");
            require(AWS_REGION, region, REGION.asMatchPredicate(), "must be an AWS Region code such as us-east-1");
            return region;
        }

        boolean bool(String name, boolean fallback) {
            String value = string(name, String.valueOf(fallback)).toLowerCase(Locale.ROOT);
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new ConfigException(name, "must be true or false; got '" + value + "'");
            };
        }

        int integer(String name, int fallback, int min, int max) {
            String value = string(name, String.valueOf(fallback));
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new ConfigException(name, "must be between " + min + " and " + max + "; got " + parsed);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigException(name, "must be a whole number; got '" + value + "'");
            }
        }

        <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
            String value = string(name, fallback.name());
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, "must be one of " + Arrays.toString(type.getEnumConstants())
                        .toLowerCase(Locale.ROOT) + "; got '" + value + "'");
            }
        }
    }
}
