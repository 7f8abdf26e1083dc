package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.HandshakeSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountJoinedMethod;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.ChildType;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.InvalidInputExceptionReason;
import software.amazon.awssdk.services.organizations.model.ListAccountsResponse;
import software.amazon.awssdk.services.organizations.model.Tag;

class OrganizationsTest {

    private AwsEmulator aws;
    private OrganizationsClient org;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(3).build(), TestOrgs.standard());
        org = Sdk.organizations(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        org.close();
        aws.close();
    }

    static OrganizationSeed large(int members) {
        var builder = OrganizationSeed.builder().organizationId("o-large12345").root("r-big1")
                .managementAccount(MGMT);
        for (int i = 0; i < members; i++) {
            builder.account(AccountSeed.builder(String.format("2%011d", i)).name("Member " + i).build());
        }
        return builder.build();
    }

    @Test
    void describeOrganization_managementAccount_returnsTheOrganization() {
        var o = org.describeOrganization().organization();

        assertThat(o.id()).isEqualTo("o-test123456");
        assertThat(o.arn()).isEqualTo("arn:aws:organizations::" + MGMT + ":organization/o-test123456");
        assertThat(o.featureSetAsString()).isEqualTo("ALL");
        assertThat(o.masterAccountId()).isEqualTo(MGMT);
        assertThat(o.masterAccountArn()).isEqualTo("arn:aws:organizations::" + MGMT + ":account/o-test123456/" + MGMT);
        assertThat(o.masterAccountEmail()).isEqualTo("aws+" + MGMT + "@example.com");
    }

    @Test
    void describeAccount_member_returnsEveryField() {
        Account a = org.describeAccount(r -> r.accountId(PAYMENTS)).account();

        assertThat(a.name()).isEqualTo("Payments Prod");
        assertThat(a.arn()).isEqualTo("arn:aws:organizations::" + MGMT + ":account/o-test123456/" + PAYMENTS);
        assertThat(a.state()).isEqualTo(AccountState.ACTIVE);
        assertThat(a.status()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(a.joinedMethod()).isEqualTo(AccountJoinedMethod.INVITED);
        assertThat(a.joinedTimestamp()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
        Account suspended = org.describeAccount(r -> r.accountId("555555555555")).account();
        assertThat(suspended.state()).isEqualTo(AccountState.SUSPENDED);
        assertThat(suspended.status()).isEqualTo(AccountStatus.SUSPENDED);
    }

    @Test
    void describeAccount_unknownOrMalformedId_accountNotFoundOrInvalidInput() {
        Sdk.error(() -> org.describeAccount(r -> r.accountId("123456789012")), "AccountNotFoundException", 400);
        Sdk.error(() -> org.describeAccount(r -> r.accountId(TestOrgs.EXTERNAL)), "AccountNotFoundException", 400);

        var e = (InvalidInputException) Sdk.error(() -> org.describeAccount(r -> r.accountId("12345")),
                "InvalidInputException", 400);
        assertThat(e.reason()).isEqualTo(InvalidInputExceptionReason.INVALID_PATTERN);
    }

    @Test
    void memberAccount_listAccounts_accessDeniedException() {
        try (OrganizationsClient member = Sdk.organizations(aws, aws.credentialsFor(PAYMENTS));
             OrganizationsClient outsider = Sdk.organizations(aws, aws.credentialsFor(TestOrgs.EXTERNAL))) {
            Sdk.error(member::listAccounts, "AccessDeniedException", 400);
            Sdk.error(() -> member.describeAccount(r -> r.accountId(PAYMENTS)), "AccessDeniedException", 400);
            assertThat(member.describeOrganization().organization().id()).isEqualTo("o-test123456");
            Sdk.error(outsider::describeOrganization, "AWSOrganizationsNotInUseException", 400);
        }
    }

    @Test
    void roleWithoutOrganizationsPermission_accessDeniedException() {
        try (OrganizationsClient weak = Sdk.organizations(aws, aws.credentialsForRole(MGMT, "NoPermissions", "x1"))) {
            var e = Sdk.error(weak::listAccounts, "AccessDeniedException", 400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("organizations:ListAccounts");
        }
    }

    @Test
    void listAccounts_fiveHundredAccounts_paginatesThroughAll() {
        try (AwsEmulator big = AwsEmulator.start(EmulatorOptions.builder().seed(5).build(), large(499));
             OrganizationsClient client = Sdk.organizations(big, big.credentialsFor(MGMT))) {
            ListAccountsResponse first = client.listAccounts();
            assertThat(first.accounts()).hasSize(20);
            assertThat(first.nextToken()).isNotBlank();

            var ids = new ArrayList<String>();
            client.listAccountsPaginator(r -> r.maxResults(20)).stream().flatMap(p -> p.accounts().stream()).forEach(a -> ids.add(a.id()));
            assertThat(ids).hasSize(500).doesNotHaveDuplicates();
        }
    }

    @Test
    void listAccounts_shortPagesOption_returnsShortAndEmptyPagesButEveryAccount() {
        try (AwsEmulator big = AwsEmulator.start(EmulatorOptions.builder().seed(7).shortPages(true).build(),
                large(499)); OrganizationsClient client = Sdk.organizations(big, big.credentialsFor(MGMT))) {
            var ids = new HashSet<String>();
            var sizes = new ArrayList<Integer>();
            String token = null;
            do {
                String next = token;
                ListAccountsResponse page = client.listAccounts(r -> r.maxResults(20).nextToken(next));
                page.accounts().forEach(a -> ids.add(a.id()));
                sizes.add(page.accounts().size());
                token = page.nextToken();
            } while (token != null);

            assertThat(ids).hasSize(500);
            assertThat(sizes.subList(0, sizes.size() - 1)).contains(0).anyMatch(s -> s > 0 && s < 20);
            assertThat(sizes).allMatch(s -> s <= 20);
            var viaPaginator = new ArrayList<String>();
            client.listAccountsPaginator(r -> r.maxResults(5)).stream().flatMap(p -> p.accounts().stream()).forEach(a -> viaPaginator.add(a.id()));
            assertThat(viaPaginator).hasSize(500);
        }
    }

    @Test
    void listAccounts_invalidPagination_invalidInputExceptionWithReason() {
        var tooMany = (InvalidInputException) Sdk.error(() -> org.listAccounts(r -> r.maxResults(21)),
                "InvalidInputException", 400);
        assertThat(tooMany.reason()).isEqualTo(InvalidInputExceptionReason.MAX_VALUE_EXCEEDED);
        var zero = (InvalidInputException) Sdk.error(() -> org.listAccounts(r -> r.maxResults(0)),
                "InvalidInputException", 400);
        assertThat(zero.reason()).isEqualTo(InvalidInputExceptionReason.MIN_VALUE_EXCEEDED);
        var forged = (InvalidInputException) Sdk.error(() -> org.listAccounts(r -> r.nextToken("forged-token")),
                "InvalidInputException", 400);
        assertThat(forged.reason()).isEqualTo(InvalidInputExceptionReason.INVALID_NEXT_TOKEN);

        String token = org.listAccounts(r -> r.maxResults(1)).nextToken();
        Sdk.error(() -> org.listAccountsForParent(r -> r.parentId("r-test").nextToken(token)),
                "InvalidInputException", 400);
    }

    @Test
    void organizationTree_rootsOusChildrenParents_listedAsSeeded() {
        assertThat(org.listRoots().roots()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("r-test");
            assertThat(r.arn()).isEqualTo("arn:aws:organizations::" + MGMT + ":root/o-test123456/r-test");
        });
        assertThat(org.listOrganizationalUnitsForParent(r -> r.parentId("r-test")).organizationalUnits())
                .singleElement().satisfies(ou -> assertThat(ou.name()).isEqualTo("Production"));
        assertThat(org.listOrganizationalUnitsForParent(r -> r.parentId("ou-test-prod0001")).organizationalUnits())
                .extracting(ou -> ou.id()).containsExactly("ou-test-team0001");
        assertThat(org.listChildren(r -> r.parentId("ou-test-prod0001").childType(ChildType.ACCOUNT)).children())
                .extracting(c -> c.id()).containsExactly(TestOrgs.UNTRUSTING);
        assertThat(org.listChildren(r -> r.parentId("r-test").childType(ChildType.ORGANIZATIONAL_UNIT)).children())
                .extracting(c -> c.id()).containsExactly("ou-test-prod0001");
        assertThat(org.listAccountsForParent(r -> r.parentId("ou-test-team0001")).accounts())
                .extracting(Account::id).containsExactly(PAYMENTS);
        assertThat(org.listAccountsForParent(r -> r.parentId("r-test")).accounts())
                .extracting(Account::id).containsExactly(MGMT, TestOrgs.EMPTY, "555555555555");
        assertThat(org.listParents(r -> r.childId(PAYMENTS)).parents()).singleElement()
                .satisfies(p -> assertThat(p.id()).isEqualTo("ou-test-team0001"));
        assertThat(org.listParents(r -> r.childId("ou-test-prod0001")).parents().getFirst().typeAsString())
                .isEqualTo("ROOT");
        assertThat(org.describeOrganizationalUnit(r -> r.organizationalUnitId("ou-test-team0001"))
                .organizationalUnit().name()).isEqualTo("Team");

        Sdk.error(() -> org.listChildren(r -> r.parentId("ou-test-none0001").childType(ChildType.ACCOUNT)),
                "ParentNotFoundException", 400);
        Sdk.error(() -> org.listParents(r -> r.childId("123456789012")), "ChildNotFoundException", 400);
        Sdk.error(() -> org.describeOrganizationalUnit(r -> r.organizationalUnitId("ou-test-none0001")),
                "OrganizationalUnitNotFoundException", 400);
        Sdk.error(() -> org.listAccountsForParent(r -> r.parentId("bad")), "InvalidInputException", 400);
    }

    @Test
    void tagResource_account_visibleThroughListTagsAndReadBack() {
        org.tagResource(r -> r.resourceId(PAYMENTS).tags(Tag.builder().key("guard:status").value("ok").build(),
                Tag.builder().key("owner").value("team-a").build()));
        org.untagResource(r -> r.resourceId(PAYMENTS).tagKeys("owner"));

        assertThat(org.listTagsForResource(r -> r.resourceId(PAYMENTS)).tags())
                .containsExactly(Tag.builder().key("guard:status").value("ok").build());
        assertThat(aws.accountTags(PAYMENTS)).containsExactly(java.util.Map.entry("guard:status", "ok"));
        Sdk.error(() -> org.tagResource(r -> r.resourceId("123456789012").tags(Tag.builder().key("k").value("v")
                .build())), "TargetNotFoundException", 400);
        List<Tag> tooMany = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Tag.builder().key("k" + i).value("v").build()).toList();
        Sdk.error(() -> org.tagResource(r -> r.resourceId(PAYMENTS).tags(tooMany)), "ConstraintViolationException", 400);
    }

    @Test
    void handshakes_describeAndList_returnSeededInvitation() {
        var seed = OrganizationSeed.builder().organizationId("o-hand123456").managementAccount(MGMT)
                .handshake(new HandshakeSeed("h-abcdefgh12", "INVITE", "OPEN", "ACCOUNT", "777777777777",
                        Instant.parse("2025-12-01T00:00:00Z"), Instant.parse("2025-12-16T00:00:00Z")))
                .build();
        try (AwsEmulator small = AwsEmulator.start(seed);
             OrganizationsClient client = Sdk.organizations(small, small.credentialsFor(MGMT))) {
            var h = client.describeHandshake(r -> r.handshakeId("h-abcdefgh12")).handshake();
            assertThat(h.stateAsString()).isEqualTo("OPEN");
            assertThat(h.parties()).anySatisfy(p -> assertThat(p.id()).isEqualTo("777777777777"));
            assertThat(client.listHandshakesForOrganization().handshakes()).hasSize(1);
            Sdk.error(() -> client.describeHandshake(r -> r.handshakeId("h-zzzzzzzz99")),
                    "HandshakeNotFoundException", 400);
        }
    }
}
