package io.orgaccessguard.bench;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static io.orgaccessguard.testsupport.Fixtures.REGION;
import static io.orgaccessguard.testsupport.Fixtures.STATUS_TABLE;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_NAME;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the emulator seed of a benchmark organization: a management account (the function's execution role, the alert
 * topic and the status table) and {@code size} member accounts in a {@link Mix} of states, spread evenly through the
 * account IDs so every stretch of a run meets every kind.
 */
final class BenchOrganization {

    static final String OUTSIDE = "999999999999";
    static final long FIRST_MEMBER = 200_000_000_000L;
    /** What the function's role may do in the status table: the actions template.yaml's GuardPolicy grants. */
    static final List<String> STATUS_TABLE_ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem",
            "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:Query");

    /** The kinds of member account. */
    enum Kind {
        /** OrganizationAccountAccessRole trusting the management account, AdministratorAccess: ACCESS_VERIFIED. */
        ACCESS_ROLE,
        /** Only the bootstrap role: the function creates the access role (ROLE_CREATED). */
        BOOTSTRAP_ONLY,
        /** No role at all: ROLE_MISSING. */
        NOTHING,
        /** The access role trusts an account outside the organization (and a bootstrap role exists): TRUST_MISMATCH. */
        FOREIGN_TRUST,
        /** SUSPENDED: SKIPPED without a call. */
        SUSPENDED
    }

    /**
     * The share of each kind in every 100 accounts.
     *
     * @param percent shares adding up to 100, in {@link Kind} order
     */
    record Mix(String name, Map<Kind, Integer> percent) {

        /** Every outcome of a reconcile: 80% verified, 8% created, 6% missing, 4% foreign trust, 2% suspended. */
        static final Mix STANDARD = new Mix("standard", shares(80, 8, 6, 4, 2));

        Mix {
            percent = Map.copyOf(new EnumMap<>(percent));
            if (percent.values().stream().mapToInt(Integer::intValue).sum() != 100) {
                throw new IllegalArgumentException("the shares of " + name + " do not add up to 100: " + percent);
            }
        }

        /** A working access role everywhere but in {@code percent}% of the accounts, which need it created. */
        static Mix creating(int percent) {
            return new Mix("creating " + percent + "%", shares(100 - percent, percent, 0, 0, 0));
        }

        private static Map<Kind, Integer> shares(int... percents) {
            var shares = new EnumMap<Kind, Integer>(Kind.class);
            for (Kind kind : Kind.values()) {
                shares.put(kind, percents[kind.ordinal()]);
            }
            return shares;
        }

        /** The kind of the i-th member account: a fixed permutation of 0..99 (37 is coprime to 100) over the shares. */
        Kind kindOf(int index) {
            int slot = (int) ((index * 37L) % 100);
            int upTo = 0;
            for (Kind kind : Kind.values()) {
                upTo += percent.getOrDefault(kind, 0);
                if (slot < upTo) {
                    return kind;
                }
            }
            throw new IllegalStateException("shares do not add up to 100");
        }

        Map<Kind, Integer> counts(int size) {
            var counts = new EnumMap<Kind, Integer>(Kind.class);
            for (int i = 0; i < size; i++) {
                counts.merge(kindOf(i), 1, Integer::sum);
            }
            return counts;
        }

        /** A name for files: letters, digits and dashes. */
        String slug() {
            return name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "");
        }
    }

    /** The OUs: ID, name, parent (none: the root). */
    private static final String[][] UNITS = {
            {"ou-exam-00000001", "Workloads", null},
            {"ou-exam-00000002", "Prod", "ou-exam-00000001"},
            {"ou-exam-00000003", "Dev", "ou-exam-00000001"},
            {"ou-exam-00000004", "Sandbox", null},
            {"ou-exam-00000005", "Security", null},
    };
    /** Where the members are, in turn. */
    private static final List<String> LEAVES = List.of("ou-exam-00000002", "ou-exam-00000003", "ou-exam-00000004",
            "ou-exam-00000005");

    private BenchOrganization() {
    }

    static void write(Path file, int size, Mix mix) {
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("partition", "aws");
            json.writeStringField("region", REGION);
            json.writeObjectFieldStart("organization");
            json.writeStringField("id", ORGANIZATION_ID);
            json.writeStringField("managementAccountId", MANAGEMENT_ACCOUNT_ID);
            json.writeStringField("featureSet", "ALL");
            json.writeEndObject();
            // A tree as landing zones have it: two levels, accounts spread over the leaves (the walk pays one
            // ListOrganizationalUnitsForParent per OU and at most one short account page per OU beyond ListAccounts).
            json.writeArrayFieldStart("organizationalUnits");
            for (String[] unit : UNITS) {
                json.writeStartObject();
                json.writeStringField("id", unit[0]);
                json.writeStringField("name", unit[1]);
                if (unit[2] != null) {
                    json.writeStringField("parentId", unit[2]);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("accounts");
            management(json);
            for (int i = 0; i < size; i++) {
                member(json, i, mix.kindOf(i));
            }
            json.writeEndArray();
            json.writeArrayFieldStart("externalAccounts");
            json.writeStartObject();
            json.writeStringField("id", OUTSIDE);
            json.writeStringField("name", "Outside");
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void management(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", MANAGEMENT_ACCOUNT_ID);
        json.writeStringField("name", "Management");
        json.writeStringField("email", "management@example.com");
        json.writeStringField("joinedMethod", "CREATED");
        json.writeStringField("joinedTimestamp", "2020-01-01T00:00:00Z");
        json.writeArrayFieldStart("roles");
        json.writeStartObject();
        json.writeStringField("name", FUNCTION_ROLE);
        // IAM's longest (12 h): the benchmark's one session of the role outlasts a run of 50,000 accounts.
        json.writeNumberField("maxSessionDuration", 43_200);
        // Lambda's trust, plus the management account itself so that the benchmark can play the function's role.
        json.writeStringField("trustPolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\",\"AWS\":\"arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID
                + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
        json.writeObjectFieldStart("inlinePolicies");
        json.writeStringField("org-access-guard", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"sts:AssumeRole\",\"organizations:Describe*\",\"organizations:List*\","
                + "\"sns:Publish\"],\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":"
                + quoted(STATUS_TABLE_ACTIONS) + ",\"Resource\":\"arn:aws:dynamodb:" + REGION + ":"
                + MANAGEMENT_ACCOUNT_ID + ":table/" + STATUS_TABLE + "\"}]}");
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeArrayFieldStart("topics");
        json.writeStartObject();
        json.writeStringField("name", TOPIC_NAME);
        json.writeEndObject();
        json.writeEndArray();
        // The stack's table as template.yaml makes it: pk (S) + sk (S), on-demand (the emulator's defaults).
        json.writeArrayFieldStart("tables");
        json.writeStartObject();
        json.writeStringField("name", STATUS_TABLE);
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void member(JsonGenerator json, int index, Kind kind) throws IOException {
        String id = String.valueOf(FIRST_MEMBER + index);
        json.writeStartObject();
        json.writeStringField("id", id);
        json.writeStringField("parentId", LEAVES.get(index % LEAVES.size()));
        json.writeStringField("name", "Workload " + index);
        json.writeStringField("email", id + "@example.com");
        json.writeStringField("state", kind == Kind.SUSPENDED ? "SUSPENDED" : "ACTIVE");
        json.writeStringField("joinedMethod", "INVITED");
        json.writeStringField("joinedTimestamp", "2021-06-14T12:00:00Z");
        json.writeArrayFieldStart("roles");
        switch (kind) {
            case ACCESS_ROLE -> accessRole(json, MANAGEMENT_ACCOUNT_ID);
            case BOOTSTRAP_ONLY -> bootstrapRole(json, id);
            case FOREIGN_TRUST -> {
                accessRole(json, OUTSIDE);
                bootstrapRole(json, id);
            }
            case NOTHING, SUSPENDED -> {
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void accessRole(JsonGenerator json, String trustedAccount) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", ACCESS_ROLE);
        json.writeStringField("trustPolicy", trust(trustedAccount));
        json.writeArrayFieldStart("managedPolicyArns");
        json.writeString(ADMINISTRATOR_ACCESS);
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Allowed exactly what creating and completing the access role takes. */
    private static void bootstrapRole(JsonGenerator json, String accountId) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", BOOTSTRAP_ROLE);
        json.writeStringField("trustPolicy", trust(MANAGEMENT_ACCOUNT_ID));
        json.writeObjectFieldStart("inlinePolicies");
        json.writeStringField("create-access-role", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":" + quoted(List.of("iam:CreateRole", "iam:GetRole", "iam:TagRole",
                "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies", "iam:UpdateAssumeRolePolicy"))
                + ",\"Resource\":\"arn:aws:iam::" + accountId + ":role/" + ACCESS_ROLE + "\"}]}");
        json.writeEndObject();
        json.writeEndObject();
    }

    private static String trust(String account) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + account + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static String quoted(List<String> values) {
        return "[" + String.join(",", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}
