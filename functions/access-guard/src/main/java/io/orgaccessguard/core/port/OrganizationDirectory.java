package io.orgaccessguard.core.port;

import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What Organizations says about the organization and its accounts: the truth, whatever an event claims. Failures are
 * {@link OperationFailedException}s naming the operation.
 */
public interface OrganizationDirectory {

    Organization describeOrganization();

    /** The account, or empty when it is not a member of this organization. */
    Optional<MemberAccount> describeAccount(String accountId);

    /** The account that accepted a handshake, when Organizations names one (an e-mail invitation may not). */
    Optional<String> handshakeAccount(String handshakeId);

    /** Every account of the organization, where it is not known (a listing without OUs). */
    Stream<MemberAccount> allAccounts();

    /**
     * Every account of the organization with its OU path, found by walking the OU tree from the root: a page per 20
     * accounts, as {@link #allAccounts()} costs, plus two calls per OU. Each page goes to {@code page} as soon as it
     * is read, so that work on the first accounts need not wait for the last page; {@code page} may stop the walk by
     * throwing, and its exception then leaves the walk unchanged.
     */
    void walkAccountsWithOuPaths(Consumer<List<MemberAccount>> page);

    /** {@link #walkAccountsWithOuPaths}, every page collected. */
    default List<MemberAccount> allAccountsWithOuPaths() {
        var accounts = new ArrayList<MemberAccount>();
        walkAccountsWithOuPaths(accounts::addAll);
        return accounts;
    }

    /**
     * The service control policies that apply to an account: those attached to the account, to each OU above it and
     * to the root, each with the target it is attached to ({@code organizations:ListParents},
     * {@code ListPoliciesForTarget} and {@code DescribePolicy}). Asked only of accounts found restricted.
     */
    List<ServiceControlPolicy> serviceControlPolicies(String accountId);

    /** @param targetId the account, OU or root the policy is attached to */
    record ServiceControlPolicy(String targetId, String policyId, String name, String document) {
    }

    /** Every account under an organizational unit (or root), descending into child OUs when asked. */
    List<MemberAccount> accountsUnder(String parentId, boolean recursive);
}
