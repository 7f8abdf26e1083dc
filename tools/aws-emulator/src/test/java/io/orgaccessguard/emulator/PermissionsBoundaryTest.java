package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.ADMIN;
import static io.orgaccessguard.emulator.TestOrgs.BOUNDED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.CUSTOMER_DENIED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.DENIED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static io.orgaccessguard.emulator.TestOrgs.READ_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.PolicyDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PermissionsBoundaryAttachmentType;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Permissions boundaries on the wire (CreateRole's PermissionsBoundary, GetRole's PermissionsBoundary,
 * PutRolePermissionsBoundary, DeleteRolePermissionsBoundary) and in authorization: "The effective permissions are the
 * intersection of both policy types. An explicit deny in either of these policies overrides the allow."
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html)
 */
class PermissionsBoundaryTest {

    private AwsEmulator aws;
    private IamClient admin;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(18).build(), TestOrgs.guarded());
        admin = Sdk.iam(aws, aws.credentialsFor(PAYMENTS));
    }

    @AfterEach
    void stop() {
        admin.close();
        aws.close();
    }

    private IamClient as(String roleName) {
        return Sdk.iam(aws, aws.credentialsForRole(PAYMENTS, roleName, "s"));
    }

    @Test
    void createRole_withPermissionsBoundary_getRoleReturnsItAndListRolesDoesNot() {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (PermissionsBoundary),
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachedPermissionsBoundary.html,
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html ("PermissionsBoundary" is not listed)
        Role created = admin.createRole(r -> r.roleName("New").permissionsBoundary(READ_ONLY)
                .assumeRolePolicyDocument(PolicyDocuments.trust("arn:aws:iam::" + MGMT + ":root"))).role();

        Role got = admin.getRole(r -> r.roleName("New")).role();

        assertThat(created.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(got.permissionsBoundary().permissionsBoundaryType())
                .isEqualTo(PermissionsBoundaryAttachmentType.PERMISSIONS_BOUNDARY_POLICY);
        assertThat(got.permissionsBoundary().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(admin.listRoles().roles()).filteredOn(r -> r.roleName().equals("New")).singleElement()
                .satisfies(r -> assertThat(r.permissionsBoundary()).isNull());
        assertThat(aws.role(PAYMENTS, "New").orElseThrow().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
    }

    @Test
    void putRolePermissionsBoundary_thenDelete_setsAndClearsIt() {
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html,
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
        admin.putRolePermissionsBoundary(r -> r.roleName(ACCESS_ROLE).permissionsBoundary(READ_ONLY));
        assertThat(admin.getRole(r -> r.roleName(ACCESS_ROLE)).role().permissionsBoundary().permissionsBoundaryArn())
                .isEqualTo(READ_ONLY);
        // Bounded has it too
        assertThat(admin.getPolicy(r -> r.policyArn(READ_ONLY)).policy().permissionsBoundaryUsageCount()).isEqualTo(2);

        admin.deleteRolePermissionsBoundary(r -> r.roleName(ACCESS_ROLE));

        assertThat(admin.getRole(r -> r.roleName(ACCESS_ROLE)).role().permissionsBoundary()).isNull();
        Sdk.error(() -> admin.deleteRolePermissionsBoundary(r -> r.roleName(ACCESS_ROLE)), "NoSuchEntity", 404);
    }

    @Test
    void permissionsBoundary_notAManagedPolicyOfTheAccount_isNoSuchEntity() {
        // A boundary is a managed policy the account can use: AWS managed or its own.
        var e = Sdk.error(() -> admin.putRolePermissionsBoundary(r -> r.roleName(ACCESS_ROLE)
                .permissionsBoundary("arn:aws:iam::" + MGMT + ":policy/OpsAdmin")), "NoSuchEntity", 404);
        assertThat(e.awsErrorDetails().errorMessage())
                .isEqualTo("Scope ARN: arn:aws:iam::" + MGMT + ":policy/OpsAdmin does not exist or is not attachable.");
        Sdk.error(() -> admin.createRole(r -> r.roleName("X").permissionsBoundary("arn:aws:iam::aws:policy/Nope")
                .assumeRolePolicyDocument(PolicyDocuments.trust(MGMT))), "NoSuchEntity", 404);
        assertThat(aws.role(PAYMENTS, "X")).isEmpty();
    }

    @Test
    void boundary_narrowsAdministratorAccessToWhatBothAllow() {
        try (IamClient bounded = as(BOUNDED_ROLE)) {
            assertThat(bounded.listRoles().roles()).isNotEmpty();                        // both allow iam:List*

            var e = Sdk.error(() -> bounded.createRole(r -> r.roleName("X")
                    .assumeRolePolicyDocument(PolicyDocuments.trust(MGMT))), "AccessDenied", 403);

            assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                    "because no permissions boundary allows the iam:CreateRole action");
        }
        assertThat(aws.role(PAYMENTS, "X")).isEmpty();
    }

    @Test
    void inlineDeny_winsOverAttachedAdministratorAccess() {
        try (IamClient denied = as(DENIED_ROLE)) {
            var e = Sdk.error(() -> denied.listRoles(), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
        }
    }

    @Test
    void denyInAnAttachedCustomerManagedPolicy_winsOverAdministratorAccess() {
        try (IamClient customerDenied = as(CUSTOMER_DENIED_ROLE)) {
            assertThat(customerDenied.getRole(r -> r.roleName(ACCESS_ROLE)).role().roleName()).isEqualTo(ACCESS_ROLE);
            Sdk.error(() -> customerDenied.deleteRole(r -> r.roleName(BOUNDED_ROLE)), "AccessDenied", 403);
        }
        assertThat(aws.role(PAYMENTS, BOUNDED_ROLE)).isPresent();
    }

    @Test
    void putRolePermissionsBoundary_needsThePermission() {
        try (IamClient bounded = as(BOUNDED_ROLE)) {
            Sdk.error(() -> bounded.deleteRolePermissionsBoundary(r -> r.roleName(BOUNDED_ROLE)), "AccessDenied", 403);
        }
        assertThat(aws.role(PAYMENTS, BOUNDED_ROLE).orElseThrow().permissionsBoundaryArn()).isEqualTo(READ_ONLY);
        assertThat(aws.role(PAYMENTS, BOUNDED_ROLE).orElseThrow().attachedPolicyArns()).containsExactly(ADMIN);
    }
}
