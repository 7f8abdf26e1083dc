package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.ADMIN;
import static io.orgaccessguard.emulator.TestOrgs.EMPTY;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
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
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ListAttachedRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

class IamTest {

    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}";

    private AwsEmulator aws;
    private IamClient iam;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(2).maxManagedPoliciesPerRole(3).build(),
                TestOrgs.standard());
        iam = Sdk.iam(aws, aws.credentialsFor(EMPTY));
    }

    @AfterEach
    void stop() {
        iam.close();
        aws.close();
    }

    private void createRole(String name) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(TRUST));
    }

    @Test
    void createRole_thenGetRole_returnsTheTrustDocumentUrlEncoded() {
        Role created = iam.createRole(r -> r.roleName(ACCESS_ROLE).path("/guard/").description("made by test")
                .assumeRolePolicyDocument(TRUST).tags(Tag.builder().key("owner").value("guard").build())).role();

        Role role = iam.getRole(r -> r.roleName(ACCESS_ROLE)).role();

        assertThat(created.arn()).isEqualTo("arn:aws:iam::" + EMPTY + ":role/guard/" + ACCESS_ROLE);
        assertThat(role.roleId()).startsWith("AROA").hasSize(21).isEqualTo(created.roleId());
        assertThat(role.path()).isEqualTo("/guard/");
        assertThat(role.description()).isEqualTo("made by test");
        assertThat(role.maxSessionDuration()).isEqualTo(3600);
        assertThat(role.createDate()).isNotNull();
        assertThat(role.tags()).containsExactly(Tag.builder().key("owner").value("guard").build());
        assertThat(role.assumeRolePolicyDocument()).startsWith("%7B%22Version%22%3A%222012-10-17%22")
                .doesNotContain("{", "\"", ":");
        assertThat(URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8)).isEqualTo(TRUST);
        assertThat(aws.role(EMPTY, ACCESS_ROLE).orElseThrow().trustPolicy()).isEqualTo(TRUST);
    }

    @Test
    void createRole_existingNameInAnyCase_entityAlreadyExists() {
        createRole(ACCESS_ROLE);

        var e = Sdk.error(() -> createRole(ACCESS_ROLE.toLowerCase()), "EntityAlreadyExists", 409);
        assertThat(e.awsErrorDetails().errorMessage()).contains("already exists");
    }

    @Test
    void getRole_missingRole_noSuchEntity() {
        var e = Sdk.error(() -> iam.getRole(r -> r.roleName("Nope")), "NoSuchEntity", 404);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The role with name Nope cannot be found.");
    }

    @Test
    void createRole_invalidParameters_validationError() {
        Sdk.error(() -> iam.createRole(r -> r.roleName("bad name").assumeRolePolicyDocument(TRUST)),
                "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("x".repeat(65)).assumeRolePolicyDocument(TRUST)),
                "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("Ok").description("d".repeat(1001))
                .assumeRolePolicyDocument(TRUST)), "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("Ok").path("no-slashes").assumeRolePolicyDocument(TRUST)),
                "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("Ok").maxSessionDuration(100).assumeRolePolicyDocument(TRUST)),
                "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("Ok").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("k".repeat(129)).value("v").build())), "ValidationError", 400);
        Sdk.error(() -> iam.createRole(r -> r.roleName("Ok").assumeRolePolicyDocument(TRUST)
                .tags(Tag.builder().key("k").value("v".repeat(257)).build())), "ValidationError", 400);
        assertThat(aws.role(EMPTY, "Ok")).isEmpty();
    }

    @Test
    void createRole_malformedTrustPolicy_malformedPolicyDocument() {
        assertMalformed("not json", "This policy contains invalid Json");
        assertMalformed("{\"Version\":\"2012-10-17\"}", "Missing required field Statement");
        assertMalformed(PolicyDocuments.trust("arn:aws:iam::" + PAYMENTS + ":role/DoesNotExist"),
                "Invalid principal in policy: \"AWS\":\"arn:aws:iam::" + PAYMENTS + ":role/DoesNotExist\"");
        assertMalformed(PolicyDocuments.trust("arn:aws:iam::12345:root"), "Invalid principal in policy");
        assertMalformed(PolicyDocuments.trust("not-an-arn"), "Invalid principal in policy");
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + MGMT + "\"},\"Action\":\"iam:CreateRole\"}]}", "AssumeRole policy may only specify STS AssumeRole actions.");
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + MGMT + "\"},\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}", "Has prohibited field Resource");
        assertMalformed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\"}]}",
                "Missing required field Principal");
    }

    private void assertMalformed(String document, String message) {
        var e = Sdk.error(() -> iam.createRole(r -> r.roleName("Bad").assumeRolePolicyDocument(document)),
                "MalformedPolicyDocument", 400);
        assertThat(e.awsErrorDetails().errorMessage()).startsWith(message);
    }

    @Test
    void createRole_trustNamingAnExistingRoleOrAnUnknownAccount_accepted() {
        iam.createRole(r -> r.roleName("A").assumeRolePolicyDocument(
                PolicyDocuments.trust("arn:aws:iam::" + PAYMENTS + ":role/" + ACCESS_ROLE)));
        iam.createRole(r -> r.roleName("B").assumeRolePolicyDocument(
                PolicyDocuments.trust("arn:aws:iam::123456789012:role/Anything", "*", "123456789012")));
        assertThat(aws.role(EMPTY, "A")).isPresent();
        assertThat(aws.role(EMPTY, "B")).isPresent();
    }

    @Test
    void attachRolePolicy_unknownPolicy_noSuchEntity_badArn_invalidInput() {
        createRole(ACCESS_ROLE);

        Sdk.error(() -> iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE)
                .policyArn("arn:aws:iam::aws:policy/NoSuchManagedPolicy")), "NoSuchEntity", 404);
        Sdk.error(() -> iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE)
                .policyArn("arn:aws:iam::" + EMPTY + ":policy/Missing")), "NoSuchEntity", 404);
        Sdk.error(() -> iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn("AdministratorAccess-not-arn")),
                "InvalidInput", 400);
        Sdk.error(() -> iam.attachRolePolicy(r -> r.roleName("Nope").policyArn(ADMIN)), "NoSuchEntity", 404);
    }

    @Test
    void attachRolePolicy_beyondQuota_limitExceeded() {
        createRole(ACCESS_ROLE);
        for (String name : List.of("AdministratorAccess", "ReadOnlyAccess", "IAMReadOnlyAccess")) {
            iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn("arn:aws:iam::aws:policy/" + name));
        }
        iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN)); // re-attaching is a no-op

        var e = Sdk.error(() -> iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE)
                .policyArn("arn:aws:iam::aws:policy/IAMFullAccess")), "LimitExceeded", 409);
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Cannot exceed quota for PoliciesPerRole: 3");
    }

    @Test
    void listAttachedRolePolicies_smallMaxItems_paginatesWithMarker() {
        createRole(ACCESS_ROLE);
        List<String> arns = List.of(ADMIN, "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/IAMReadOnlyAccess");
        arns.forEach(arn -> iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(arn)));

        ListAttachedRolePoliciesResponse first = iam.listAttachedRolePolicies(r -> r.roleName(ACCESS_ROLE).maxItems(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.attachedPolicies()).hasSize(2);
        ListAttachedRolePoliciesResponse second = iam.listAttachedRolePolicies(r -> r.roleName(ACCESS_ROLE)
                .maxItems(2).marker(first.marker()));
        assertThat(second.isTruncated()).isFalse();
        assertThat(second.marker()).isNull();

        var all = new ArrayList<String>();
        iam.listAttachedRolePoliciesPaginator(r -> r.roleName(ACCESS_ROLE).maxItems(1)).attachedPolicies()
                .forEach(p -> all.add(p.policyArn()));
        assertThat(all).containsExactlyElementsOf(arns);
        assertThat(second.attachedPolicies()).extracting(AttachedPolicy::policyName).containsExactly("IAMReadOnlyAccess");
        Sdk.error(() -> iam.listAttachedRolePolicies(r -> r.roleName(ACCESS_ROLE).marker("forged")),
                "ValidationError", 400);
    }

    @Test
    void tagRole_untagAndList_andMoreThanFiftyTags_limitExceeded() {
        createRole(ACCESS_ROLE);
        iam.tagRole(r -> r.roleName(ACCESS_ROLE).tags(Tag.builder().key("a").value("1").build(),
                Tag.builder().key("b").value("2").build()));
        iam.untagRole(r -> r.roleName(ACCESS_ROLE).tagKeys("a"));

        assertThat(iam.listRoleTags(r -> r.roleName(ACCESS_ROLE)).tags())
                .containsExactly(Tag.builder().key("b").value("2").build());
        List<Tag> many = IntStream.range(0, 50).mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        var e = Sdk.error(() -> iam.tagRole(r -> r.roleName(ACCESS_ROLE).tags(many)), "LimitExceeded", 409);
        assertThat(e.awsErrorDetails().errorMessage()).contains("50");
        Sdk.error(() -> iam.tagRole(r -> r.roleName(ACCESS_ROLE).tags(Tag.builder().key("x").value("1").build(),
                Tag.builder().key("X").value("2").build())), "InvalidInput", 400);
        assertThat(aws.role(EMPTY, ACCESS_ROLE).orElseThrow().tags()).containsOnlyKeys("b");
    }

    @Test
    void updateAssumeRolePolicy_newDocument_replacesTheTrust() {
        createRole(ACCESS_ROLE);
        String newTrust = PolicyDocuments.trust("arn:aws:iam::" + PAYMENTS + ":root");

        iam.updateAssumeRolePolicy(r -> r.roleName(ACCESS_ROLE).policyDocument(newTrust));

        assertThat(URLDecoder.decode(iam.getRole(r -> r.roleName(ACCESS_ROLE)).role().assumeRolePolicyDocument(),
                StandardCharsets.UTF_8)).isEqualTo(newTrust);
        RoleView view = aws.role(EMPTY, ACCESS_ROLE).orElseThrow();
        assertThat(view.trustUpdatedAt()).isAfterOrEqualTo(view.createdAt());
        Sdk.error(() -> iam.updateAssumeRolePolicy(r -> r.roleName(ACCESS_ROLE).policyDocument("{")),
                "MalformedPolicyDocument", 400);
        Sdk.error(() -> iam.updateAssumeRolePolicy(r -> r.roleName("Nope").policyDocument(newTrust)),
                "NoSuchEntity", 404);
    }

    @Test
    void deleteRole_withPolicies_deleteConflictUntilDetached() {
        createRole(ACCESS_ROLE);
        iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN));
        iam.putRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("inline")
                .policyDocument(PolicyDocuments.allow("*", "s3:GetObject")));

        Sdk.error(() -> iam.deleteRole(r -> r.roleName(ACCESS_ROLE)), "DeleteConflict", 409);
        iam.detachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN));
        Sdk.error(() -> iam.detachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN)), "NoSuchEntity", 404);
        Sdk.error(() -> iam.deleteRole(r -> r.roleName(ACCESS_ROLE)), "DeleteConflict", 409);
        assertThat(iam.listRolePolicies(r -> r.roleName(ACCESS_ROLE)).policyNames()).containsExactly("inline");
        assertThat(URLDecoder.decode(iam.getRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("inline"))
                .policyDocument(), StandardCharsets.UTF_8)).contains("s3:GetObject");
        iam.deleteRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("inline"));
        iam.deleteRole(r -> r.roleName(ACCESS_ROLE));

        assertThat(aws.role(EMPTY, ACCESS_ROLE)).isEmpty();
        Sdk.error(() -> iam.deleteRole(r -> r.roleName(ACCESS_ROLE)), "NoSuchEntity", 404);
    }

    @Test
    void putRolePolicy_invalidDocuments_malformedPolicyDocument() {
        createRole(ACCESS_ROLE);
        Sdk.error(() -> iam.putRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("p").policyDocument(TRUST)),
                "MalformedPolicyDocument", 400);
        Sdk.error(() -> iam.putRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("p").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}")),
                "MalformedPolicyDocument", 400);
    }

    @Test
    void createRole_sessionWithoutIamCreateRole_accessDeniedWithAwsMessage() {
        var session = Sdk.from(Sdk.sts(aws, aws.credentialsFor(MGMT)).assumeRole(r -> r
                .roleArn(TestOrgs.roleArn(PAYMENTS, "ReadOnly")).roleSessionName("x1")).credentials());
        try (IamClient readOnly = Sdk.iam(aws, session)) {
            assertThat(readOnly.getRole(r -> r.roleName(ACCESS_ROLE)).role()).isNotNull();
            var e = Sdk.error(() -> readOnly.createRole(r -> r.roleName(ACCESS_ROLE + "2")
                    .assumeRolePolicyDocument(TRUST)), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::" + PAYMENTS
                    + ":assumed-role/ReadOnly/x1 is not authorized to perform: iam:CreateRole on resource: "
                    + "arn:aws:iam::" + PAYMENTS + ":role/" + ACCESS_ROLE + "2 because no identity-based policy "
                    + "allows the iam:CreateRole action");
        }
        assertThat(aws.role(PAYMENTS, ACCESS_ROLE + "2")).isEmpty();
    }

    @Test
    void bootstrapRole_scopedPolicy_createsOnlyTheAccessRole() {
        var session = Sdk.from(Sdk.sts(aws, aws.credentialsFor(MGMT)).assumeRole(r -> r
                .roleArn(TestOrgs.roleArn(PAYMENTS, "OrgAccessGuardBootstrap")).roleSessionName("boot")).credentials());
        try (IamClient boot = Sdk.iam(aws, session); IamClient admin = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            admin.detachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN));
            admin.deleteRole(r -> r.roleName(ACCESS_ROLE));
            boot.createRole(r -> r.roleName(ACCESS_ROLE).assumeRolePolicyDocument(TRUST));
            boot.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN));
            Sdk.error(() -> boot.createRole(r -> r.roleName("Other").assumeRolePolicyDocument(TRUST)),
                    "AccessDenied", 403);
        }
        assertThat(aws.role(PAYMENTS, ACCESS_ROLE).orElseThrow().attachedPolicyArns()).containsExactly(ADMIN);
    }

    @Test
    void explicitDeny_inInlinePolicy_winsOverAdministratorAccess() {
        try (IamClient admin = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            admin.putRolePolicy(r -> r.roleName(ACCESS_ROLE).policyName("deny")
                    .policyDocument(PolicyDocuments.deny("*", "iam:Create*")));
        }
        try (IamClient session = Sdk.iam(aws, aws.credentialsForRole(PAYMENTS, ACCESS_ROLE, "deny"))) {
            var e = Sdk.error(() -> session.createRole(r -> r.roleName("X").assumeRolePolicyDocument(TRUST)),
                    "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
            assertThat(session.getRole(r -> r.roleName(ACCESS_ROLE)).role()).isNotNull();
        }
    }

    @Test
    void getPolicy_awsManagedAndCustomer_describedOrNoSuchEntity() {
        createRole(ACCESS_ROLE);
        iam.attachRolePolicy(r -> r.roleName(ACCESS_ROLE).policyArn(ADMIN));

        var policy = iam.getPolicy(r -> r.policyArn(ADMIN)).policy();

        assertThat(policy.policyName()).isEqualTo("AdministratorAccess");
        assertThat(policy.attachmentCount()).isEqualTo(1);
        assertThat(policy.defaultVersionId()).isEqualTo("v1");
        Sdk.error(() -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/Nope")), "NoSuchEntity", 404);
        Sdk.error(() -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::aws:polic/Nope")), "InvalidInput", 400);
    }

    @Test
    void listRoles_manyRoles_paginatesInNameOrderWithEncodedTrust() {
        for (int i = 0; i < 7; i++) {
            createRole("Role" + i);
        }
        var first = iam.listRoles(r -> r.maxItems(3));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.roles()).extracting(Role::roleName).containsExactly("Role0", "Role1", "Role2");
        assertThat(first.roles().getFirst().assumeRolePolicyDocument()).startsWith("%7B");

        var names = new ArrayList<String>();
        iam.listRolesPaginator(r -> r.maxItems(2)).roles().forEach(r -> names.add(r.roleName()));
        assertThat(names).hasSize(7).isSorted();
    }
}
