package io.orgaccessguard.core.model;

/** What happened to one account. {@link #needsPerson()} and {@link #isChange()} drive notifications. */
public enum Outcome {
    /** The management account assumed the access role, and the role carries the configured policies. */
    ACCESS_VERIFIED(false, false),
    /** The access role was created through a bootstrap role, and then assumed. */
    ROLE_CREATED(false, true),
    /** The access role was created but could not be assumed before the propagation wait ran out. */
    ROLE_CREATED_UNVERIFIED(true, true),
    /** The access role existed without some configured policies; they were attached, and the role was assumed. */
    ROLE_COMPLETED(false, true),
    /** The access role did not admit the management account; its trust was repaired, and the role was assumed. */
    TRUST_REPAIRED(false, true),
    /** A repair (trust or policies) was made but the role could not be assumed before the wait ran out. */
    REPAIRED_UNVERIFIED(true, true),
    /** Dry run: the access role is absent and would have been created. */
    WOULD_CREATE(false, false),
    /** Dry run: the access role would have been repaired (trust or policies). */
    WOULD_REPAIR(false, false),
    /** The access role exists but its trust does not admit the management account (repair is off). */
    TRUST_MISMATCH(true, false),
    /**
     * The access role can be assumed, but something the role's owner or the organization put in place (a permissions
     * boundary, an explicit Deny, an SCP) denies what an administrator does: the account can be entered, not
     * administered. Never lifted by the function.
     */
    ACCESS_RESTRICTED(true, false),
    /**
     * The access role can be assumed, but whether it may administer the account could not be decided: IAM's
     * simulation lacked context values a policy tests, or the role's rights could be neither simulated nor read.
     */
    ACCESS_UNDETERMINED(true, false),
    /** A configured customer-managed policy does not exist in the member account, so it cannot be attached. */
    POLICY_MISSING(true, false),
    /** The access role can be assumed but lacks configured policies, and no bootstrap role can complete it. */
    ROLE_INCOMPLETE(true, false),
    /** The access role cannot be assumed and no bootstrap role is usable: a person must create it. */
    ROLE_MISSING(true, false),
    /** Not an account to act on (not in this organization, the management account, not active). */
    SKIPPED(false, false),
    /** Something unexpected; the event path fails the invocation so Lambda retries. */
    FAILED(true, false);

    private final boolean needsPerson;
    private final boolean change;

    Outcome(boolean needsPerson, boolean change) {
        this.needsPerson = needsPerson;
        this.change = change;
    }

    /** A person has to act (or look) for this account. */
    public boolean needsPerson() {
        return needsPerson;
    }

    /** This run changed the member account. */
    public boolean isChange() {
        return change;
    }
}
