package io.orgaccessguard.bench;

import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.FUNCTION_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;
import static io.orgaccessguard.testsupport.Fixtures.REGION;
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
 * Writes the emulator seed of a benchmark organization: a management account (the function's execution role and the
 * alert topic) and {@code size} member accounts in a fixed mix of states, spread evenly through the account IDs so
 * every stretch of a run meets every kind.
 */
final class BenchOrganization {

    static final String OUTSIDE = "999999999999";
    static final long FIRST_MEMBER = 200_000_000_000L;

    /** The kinds of member account, with their share of every 100 accounts. */
    enum Kind {
        /** OrganizationAccountAccessRole trusting the management account, AdministratorAccess: ACCESS_VERIFIED. */
        ACCESS_ROLE(80),
        /** Only the bootstrap role: the function creates the access role (ROLE_CREATED). */
        BOOTSTRAP_ONLY(8),
        /** No role at all: ROLE_MISSING. */
        NOTHING(6),
        /** The access role trusts an account outside the organization (and a bootstrap role exists): TRUST_MISMATCH. */
        FOREIGN_TRUST(4),
        /** SUSPENDED: SKIPPED without a call. */
        SUSPENDED(2);

        final int percent;

        Kind(int percent) {
            this.percent = percent;
        }
    }

    private BenchOrganization() {
    }

    /** The kind of the i-th member account: a fixed permutation of 0..99 (37 is coprime to 100) over the shares. */
    static Kind kindOf(int index) {
        int slot = (int) ((index * 37L) % 100);
        int upTo = 0;
        for (Kind kind : Kind.values()) {
            upTo += kind.percent;
            if (slot < upTo) {
                return kind;
            }
        }
        throw new IllegalStateException("shares do not add up to 100");
    }

    static Map<Kind, Integer> mix(int size) {
        var counts = new EnumMap<Kind, Integer>(Kind.class);
        for (int i = 0; i < size; i++) {
            counts.merge(kindOf(i), 1, Integer::sum);
        }
        return counts;
    }

    static void write(Path file, int size) {
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("partition", "aws");
            json.writeStringField("region", REGION);
            json.writeObjectFieldStart("organization");
            json.writeStringField("id", ORGANIZATION_ID);
            json.writeStringField("managementAccountId", MANAGEMENT_ACCOUNT_ID);
            json.writeStringField("featureSet", "ALL");
            json.writeEndObject();
            json.writeArrayFieldStart("accounts");
            management(json);
            for (int i = 0; i < size; i++) {
                member(json, i);
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
        // Lambda's trust, plus the management account itself so that the benchmark can play the function's role.
        json.writeStringField("trustPolicy", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"lambda.amazonaws.com\",\"AWS\":\"arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID
                + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
        json.writeObjectFieldStart("inlinePolicies");
        json.writeStringField("org-access-guard", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"sts:AssumeRole\",\"organizations:Describe*\",\"organizations:List*\","
                + "\"organizations:TagResource\",\"sns:Publish\"],\"Resource\":\"*\"}]}");
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeArrayFieldStart("topics");
        json.writeStartObject();
        json.writeStringField("name", TOPIC_NAME);
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void member(JsonGenerator json, int index) throws IOException {
        String id = String.valueOf(FIRST_MEMBER + index);
        Kind kind = kindOf(index);
        json.writeStartObject();
        json.writeStringField("id", id);
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
