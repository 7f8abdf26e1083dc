package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.EMPTY;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.PolicyDocuments;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;

/**
 * IAM inline role policies on the wire (PutRolePolicy, GetRolePolicy, ListRolePolicies, DeleteRolePolicy) through the
 * SDK's IamClient, and their weight in authorization.
 */
class InlineRolePolicyTest {

    private static final String ROLE = "Worker";
    private static final String ADMIN_INLINE =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private AwsEmulator aws;
    private IamClient iam;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(4).build(), TestOrgs.standard());
        iam = Sdk.iam(aws, aws.credentialsFor(EMPTY));
        createRole(ROLE);
    }

    @AfterEach
    void stop() {
        iam.close();
        aws.close();
    }

    private void createRole(String name) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(PolicyDocuments.trust("arn:aws:iam::" + MGMT
                + ":root")));
    }

    private void put(String role, String policyName, String document) {
        iam.putRolePolicy(r -> r.roleName(role).policyName(policyName).policyDocument(document));
    }

    @Test
    void getRolePolicy_afterPut_returnsTheDocumentAsSentUrlEncoded() {
        // Spaces and a '+' show the RFC 3986 encoding IAM uses ("%20", "%2B"), which the Java SDK does not undo:
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
        String document = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", "
                + "\"Action\": \"iam:Get*\", \"Resource\": \"arn:aws:iam::*:role/a+b\"}]}";
        put(ROLE, "read-roles", document);

        GetRolePolicyResponse got = iam.getRolePolicy(r -> r.roleName(ROLE).policyName("read-roles"));

        assertThat(got.roleName()).isEqualTo(ROLE);
        assertThat(got.policyName()).isEqualTo("read-roles");
        assertThat(got.policyDocument()).startsWith("%7B%22Version%22%3A%20%222012-10-17%22")
                .contains("role%2Fa%2Bb").doesNotContain("{", "\"", " ", "+");
        assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8)).isEqualTo(document);
        assertThat(aws.role(EMPTY, ROLE).orElseThrow().inlinePolicies()).containsEntry("read-roles", document);
    }

    @Test
    void putRolePolicy_existingName_replacesTheDocument() {
        put(ROLE, "p", PolicyDocuments.allow("*", "iam:GetRole"));
        put(ROLE, "p", PolicyDocuments.allow("*", "iam:ListRoles"));

        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).containsExactly("p");
        assertThat(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(ROLE).policyName("p")).policyDocument(),
                StandardCharsets.UTF_8)).isEqualTo(PolicyDocuments.allow("*", "iam:ListRoles"));
    }

    @Test
    void listRolePolicies_smallMaxItems_paginatesWithMarker() {
        List<String> names = List.of("p0", "p1", "p2", "p3", "p4");
        names.forEach(n -> put(ROLE, n, PolicyDocuments.allow("*", "iam:GetRole")));

        ListRolePoliciesResponse first = iam.listRolePolicies(r -> r.roleName(ROLE).maxItems(2));
        assertThat(first.policyNames()).hasSize(2);
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.marker()).isNotBlank();
        ListRolePoliciesResponse second = iam.listRolePolicies(r -> r.roleName(ROLE).maxItems(2)
                .marker(first.marker()));
        assertThat(second.policyNames()).hasSize(2).doesNotContainAnyElementsOf(first.policyNames());
        assertThat(second.isTruncated()).isTrue();

        var all = new ArrayList<String>();
        iam.listRolePoliciesPaginator(r -> r.roleName(ROLE).maxItems(2)).policyNames().forEach(all::add);
        assertThat(all).containsExactlyInAnyOrderElementsOf(names);
        ListRolePoliciesResponse whole = iam.listRolePolicies(r -> r.roleName(ROLE));
        assertThat(whole.isTruncated()).isFalse();
        assertThat(whole.marker()).isNull();
    }

    @Test
    void listRolePolicies_foreignOrInvalidPaging_validationError() {
        createRole("Other");
        put(ROLE, "p0", PolicyDocuments.allow("*", "iam:GetRole"));
        put(ROLE, "p1", PolicyDocuments.allow("*", "iam:GetRole"));
        String marker = iam.listRolePolicies(r -> r.roleName(ROLE).maxItems(1)).marker();

        Sdk.error(() -> iam.listRolePolicies(r -> r.roleName("Other").marker(marker)), "ValidationError", 400);
        Sdk.error(() -> iam.listRolePolicies(r -> r.roleName(ROLE).marker("forged")), "ValidationError", 400);
        Sdk.error(() -> iam.listRolePolicies(r -> r.roleName(ROLE).maxItems(0)), "ValidationError", 400);
        Sdk.error(() -> iam.listRolePolicies(r -> r.roleName(ROLE).maxItems(1001)), "ValidationError", 400);
    }

    @Test
    void inlinePolicyCalls_missingRoleOrPolicy_noSuchEntity404WithIamWording() {
        var noPolicy = Sdk.error(() -> iam.getRolePolicy(r -> r.roleName(ROLE).policyName("Missing")),
                "NoSuchEntity", 404);
        assertThat(noPolicy.awsErrorDetails().errorMessage())
                .isEqualTo("The role policy with name Missing cannot be found.");
        var noRole = Sdk.error(() -> iam.getRolePolicy(r -> r.roleName("Nope").policyName("p")), "NoSuchEntity", 404);
        assertThat(noRole.awsErrorDetails().errorMessage()).isEqualTo("The role with name Nope cannot be found.");
        Sdk.error(() -> iam.deleteRolePolicy(r -> r.roleName(ROLE).policyName("Missing")), "NoSuchEntity", 404);
        Sdk.error(() -> iam.deleteRolePolicy(r -> r.roleName("Nope").policyName("p")), "NoSuchEntity", 404);
        Sdk.error(() -> iam.listRolePolicies(r -> r.roleName("Nope")), "NoSuchEntity", 404);
        Sdk.error(() -> put("Nope", "p", PolicyDocuments.allow("*", "iam:GetRole")), "NoSuchEntity", 404);
        assertThat(aws.role(EMPTY, "Nope")).isEmpty();
    }

    @Test
    void putRolePolicy_badNameOrDocument_validationErrorOrMalformedPolicyDocument() {
        Sdk.error(() -> put(ROLE, "bad name", ADMIN_INLINE), "ValidationError", 400);
        Sdk.error(() -> put(ROLE, "x".repeat(129), ADMIN_INLINE), "ValidationError", 400);
        var notJson = Sdk.error(() -> put(ROLE, "p", "not json"), "MalformedPolicyDocument", 400);
        assertThat(notJson.awsErrorDetails().errorMessage()).startsWith("This policy contains invalid Json");
        Sdk.error(() -> put(ROLE, "p", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":\"*\"}]}"), "MalformedPolicyDocument", 400);

        assertThat(aws.role(EMPTY, ROLE).orElseThrow().inlinePolicies()).isEmpty();
    }

    @Test
    void putRolePolicy_inlineTotalOver10240Characters_limitExceededAndNothingStored() {
        // A role's inline policies together may hold 10,240 characters, whitespace not counted:
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
        String big = documentOfAbout(6_000);
        String bigger = documentOfAbout(9_000);
        put(ROLE, "first", big);
        put(ROLE, "first", bigger); // replacing a policy counts only its new size

        var e = Sdk.error(() -> put(ROLE, "second", big), "LimitExceeded", 409);

        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Maximum policy size of 10240 bytes exceeded for role " + ROLE);
        assertThat(aws.role(EMPTY, ROLE).orElseThrow().inlinePolicies()).containsOnlyKeys("first");
    }

    /** An Allow of distinct actions whose non-whitespace length is at least {@code characters}. */
    private static String documentOfAbout(int characters) {
        String[] actions = IntStream.range(0, characters / 16 + 1).mapToObj(i -> String.format("sns:Action%05d", i))
                .toArray(String[]::new);
        return PolicyDocuments.allow("*", actions);
    }

    @Test
    void assumedSession_roleWhoseOnlyGrantIsInlineStarStar_mayCallIamOnItself() {
        put(ROLE, "AdministratorAccess", ADMIN_INLINE);
        var session = Sdk.from(Sdk.sts(aws, aws.credentialsFor(MGMT)).assumeRole(r -> r
                .roleArn(TestOrgs.roleArn(EMPTY, ROLE)).roleSessionName("inline")).credentials());

        try (IamClient self = Sdk.iam(aws, session)) {
            assertThat(self.listAttachedRolePolicies(r -> r.roleName(ROLE)).attachedPolicies()).isEmpty();
            assertThat(self.listRolePolicies(r -> r.roleName(ROLE)).policyNames())
                    .containsExactly("AdministratorAccess");
            assertThat(URLDecoder.decode(self.getRolePolicy(r -> r.roleName(ROLE).policyName("AdministratorAccess"))
                    .policyDocument(), StandardCharsets.UTF_8)).isEqualTo(ADMIN_INLINE);
            self.createRole(r -> r.roleName("MadeByInlineAdmin").assumeRolePolicyDocument(
                    PolicyDocuments.trust("arn:aws:iam::" + MGMT + ":root")));
        }
        assertThat(aws.role(EMPTY, "MadeByInlineAdmin")).isPresent();
    }

    @Test
    void assumedSession_roleWithoutPolicies_deniedUntilAnInlinePolicyGrantsAndAgainOnceDeleted() {
        var session = Sdk.from(Sdk.sts(aws, aws.credentialsFor(MGMT)).assumeRole(r -> r
                .roleArn(TestOrgs.roleArn(EMPTY, ROLE)).roleSessionName("bare")).credentials());

        try (IamClient self = Sdk.iam(aws, session)) {
            var denied = Sdk.error(() -> self.listRolePolicies(r -> r.roleName(ROLE)), "AccessDenied", 403);
            assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + EMPTY
                    + ":assumed-role/" + ROLE + "/bare is not authorized to perform: iam:ListRolePolicies on resource: "
                    + "arn:aws:iam::" + EMPTY + ":role/" + ROLE + " because no identity-based policy allows the "
                    + "iam:ListRolePolicies action");
            Sdk.error(() -> self.listAttachedRolePolicies(r -> r.roleName(ROLE)), "AccessDenied", 403);

            // Policies are read live, as AWS evaluates them on every request: the same session gains and loses.
            put(ROLE, "AdministratorAccess", ADMIN_INLINE);
            assertThat(self.listAttachedRolePolicies(r -> r.roleName(ROLE)).attachedPolicies()).isEmpty();
            iam.deleteRolePolicy(r -> r.roleName(ROLE).policyName("AdministratorAccess"));
            Sdk.error(() -> self.getRolePolicy(r -> r.roleName(ROLE).policyName("AdministratorAccess")),
                    "AccessDenied", 403);
        }
        assertThat(iam.listRolePolicies(r -> r.roleName(ROLE)).policyNames()).isEmpty();
    }
}
