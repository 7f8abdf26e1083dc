package io.orgaccessguard.aws;

import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountNotFoundException;
import software.amazon.awssdk.services.organizations.model.AccountState;
import software.amazon.awssdk.services.organizations.model.HandshakeNotFoundException;
import software.amazon.awssdk.services.organizations.model.HandshakePartyType;
import software.amazon.awssdk.services.organizations.model.OrganizationalUnit;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * {@link OrganizationDirectory} through the Organizations API: the truth, whatever an event claims. The organization
 * is described once: its management account and partition do not change while a container lives.
 */
public final class AwsOrganizationDirectory implements OrganizationDirectory {

    private final OrganizationsClient organizations;

    private volatile Organization organization;

    public AwsOrganizationDirectory(OrganizationsClient organizations) {
        this.organizations = organizations;
    }

    @Override
    public Organization describeOrganization() {
        Organization known = organization;
        if (known == null) {
            var described = AwsErrors.call("organizations:DescribeOrganization",
                    () -> organizations.describeOrganization().organization());
            // arn:<partition>:organizations::<management>:organization/o-xxxx
            String partition = described.arn().split(":", 3)[1];
            known = new Organization(described.id(), described.masterAccountId(), partition);
            organization = known;
        }
        return known;
    }

    /** The account, or empty when it is not a member of this organization. */
    @Override
    public Optional<MemberAccount> describeAccount(String accountId) {
        return AwsErrors.call("organizations:DescribeAccount", () -> {
            try {
                return Optional.of(toMember(organizations.describeAccount(r -> r.accountId(accountId)).account()));
            } catch (AccountNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** The account that accepted a handshake, when Organizations names one (an e-mail invitation may not). */
    @Override
    public Optional<String> handshakeAccount(String handshakeId) {
        return AwsErrors.call("organizations:DescribeHandshake", () -> {
            try {
                return organizations.describeHandshake(r -> r.handshakeId(handshakeId)).handshake().parties()
                        .stream()
                        .filter(party -> party.type() == HandshakePartyType.ACCOUNT)
                        .map(party -> party.id())
                        .findFirst();
            } catch (HandshakeNotFoundException e) {
                return Optional.empty();
            }
        });
    }

    /** Every account of the organization, page by page. */
    @Override
    public Stream<MemberAccount> allAccounts() {
        // Pages may be short or even empty while a NextToken remains: only the token says when to stop. The pages
        // are fetched as the stream is read, so a failure surfaces there, named.
        return AwsErrors.call("organizations:ListAccounts", () -> organizations
                .listAccountsPaginator(r -> r.maxResults(20)).stream()
                .flatMap(page -> page.accounts().stream())
                .map(AwsOrganizationDirectory::toMember)
                .toList()).stream();
    }

    /**
     * The OU tree from its root (ListRoots, then ListAccountsForParent and ListOrganizationalUnitsForParent per
     * parent, 20 a page): as many account pages as ListAccounts would need, give or take one per OU, and each account
     * with the names of the OUs above it.
     */
    @Override
    public void walkAccountsWithOuPaths(Consumer<List<MemberAccount>> page) {
        List<Parent> roots = AwsErrors.call("organizations:ListRoots", () -> organizations
                .listRootsPaginator(r -> r.maxResults(20)).stream()
                .flatMap(rootPage -> rootPage.roots().stream())
                .map(root -> new Parent(root.id(), List.of())).toList());
        walk(roots, true, page);
    }

    /** Every account under an organizational unit (or root), descending into child OUs when asked. */
    @Override
    public List<MemberAccount> accountsUnder(String parentId, boolean recursive) {
        // Paths from an OU, not from the root, would read as something they are not: none are kept.
        var accounts = new ArrayList<MemberAccount>();
        walk(List.of(new Parent(parentId, List.of())), recursive, page -> page.stream()
                .map(account -> account.under(List.of())).forEach(accounts::add));
        return accounts;
    }

    /**
     * The SCPs on the account, on each OU above it and on the root: {@code ListParents} up to the root, then per target
     * {@code ListPoliciesForTarget} (SERVICE_CONTROL_POLICY) and {@code DescribePolicy} for each policy's content.
     */
    @Override
    public List<ServiceControlPolicy> serviceControlPolicies(String accountId) {
        var targets = new ArrayList<String>();
        targets.add(accountId);
        String child = accountId;
        while (true) {
            String of = child;
            var parents = AwsErrors.call("organizations:ListParents", () -> organizations
                    .listParents(r -> r.childId(of)).parents());
            if (parents.isEmpty()) {
                break;
            }
            targets.add(parents.getFirst().id());
            if (parents.getFirst().type() == ParentType.ROOT) {
                break;
            }
            child = parents.getFirst().id();
        }
        var policies = new ArrayList<ServiceControlPolicy>();
        for (String target : targets) {
            var summaries = AwsErrors.call("organizations:ListPoliciesForTarget", () -> organizations
                    .listPoliciesForTargetPaginator(r -> r.targetId(target).filter(PolicyType.SERVICE_CONTROL_POLICY))
                    .stream().flatMap(page -> page.policies().stream()).toList());
            for (PolicySummary summary : summaries) {
                String content = AwsErrors.call("organizations:DescribePolicy", () -> organizations
                        .describePolicy(r -> r.policyId(summary.id())).policy().content());
                policies.add(new ServiceControlPolicy(target, summary.id(), nullToEmpty(summary.name()), content));
            }
        }
        return policies;
    }

    /** An OU (or root) to list, and the names of the OUs from the root down to it. */
    private record Parent(String id, List<String> path) {
        Parent child(OrganizationalUnit unit) {
            var childPath = new ArrayList<>(path);
            childPath.add(unit.name() == null ? unit.id() : unit.name());
            return new Parent(unit.id(), List.copyOf(childPath));
        }
    }

    private void walk(List<Parent> start, boolean recursive, Consumer<List<MemberAccount>> page) {
        Deque<Parent> parents = new ArrayDeque<>(start);
        while (!parents.isEmpty()) {
            Parent parent = parents.pop();
            // Pages are read one by one as the iteration asks for them; only reading one is the named operation, so
            // whatever the consumer throws passes through unwrapped.
            var pages = organizations.listAccountsForParentPaginator(r -> r.parentId(parent.id()).maxResults(20))
                    .iterator();
            while (AwsErrors.call("organizations:ListAccountsForParent", pages::hasNext)) {
                var accounts = AwsErrors.call("organizations:ListAccountsForParent", pages::next).accounts();
                if (!accounts.isEmpty()) {
                    page.accept(accounts.stream().map(account -> toMember(account).under(parent.path())).toList());
                }
            }
            if (recursive) {
                AwsErrors.run("organizations:ListOrganizationalUnitsForParent", () -> organizations
                        .listOrganizationalUnitsForParentPaginator(r -> r.parentId(parent.id()).maxResults(20))
                        .stream().flatMap(unitPage -> unitPage.organizationalUnits().stream())
                        .map(parent::child).forEach(parents::add));
            }
        }
    }

    static MemberAccount toMember(Account account) {
        return new MemberAccount(account.id(), nullToEmpty(account.name()), nullToEmpty(account.email()),
                state(account), nullToEmpty(account.joinedMethodAsString()),
                account.joinedTimestamp() == null ? Instant.EPOCH : account.joinedTimestamp());
    }

    /** {@code State} replaced {@code Status} in 2026; older answers (and emulators) only carry {@code Status}. */
    private static String state(Account account) {
        Predicate<String> known = value -> value != null && !value.isEmpty()
                && !value.equals(AccountState.UNKNOWN_TO_SDK_VERSION.toString());
        if (account.state() != null && known.test(account.stateAsString())) {
            return account.stateAsString();
        }
        return known.test(account.statusAsString()) ? account.statusAsString() : "UNKNOWN";
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
