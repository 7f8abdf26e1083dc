package io.orgaccessguard.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Why an account ended with its outcome, as typed facts. The words a person reads are made from these in notify/;
 * nothing decides on them.
 */
public sealed interface Reason {

    // ---------------------------------------------------------------------------------------------- not acted on

    record NotAMember(String organizationId) implements Reason {
    }

    record ManagementAccount() implements Reason {
    }

    record NotActive(String state) implements Reason {
    }

    /** The invocation ran out of time before the account could be started; Lambda retries the event. */
    record NotStarted() implements Reason {
    }

    // ------------------------------------------------------------------------------------------------ access works

    /** The access role was assumed and grants what the configuration asks for. */
    record Assumed(String roleArn) implements Reason {
    }

    /**
     * The access role was assumed, but IAM could not simulate what it may do and the role may not read its own
     * policies either, so what it grants is unknown.
     *
     * @param simulation why IAM's evaluation was not available
     */
    record AssumedPoliciesUnreadable(String roleArn, Optional<Failure> simulation) implements Reason {
        public AssumedPoliciesUnreadable(String roleArn) {
            this(roleArn, Optional.empty());
        }
    }

    /**
     * The access role was assumed and grants what is asked, judged by reading its policies (boundary, inline,
     * attached), because IAM's own evaluation was not available; SCPs were not judged.
     */
    record AssumedPoliciesRead(String roleArn, Failure simulation) implements Reason {
    }

    // ------------------------------------------------------------------------------- entered, not administered

    /** Who judged a role's rights. */
    enum JudgedBy { IAM_SIMULATION, POLICIES_READ }

    /**
     * The access role can be assumed but may not do what an administrator does.
     *
     * @param deniedActions the judged actions that were denied
     * @param restrictions what denies them; never lifted by the function
     * @param simulation why IAM's evaluation was not available, when the policies were read instead
     */
    record Restricted(String roleArn, List<String> deniedActions, List<Restriction> restrictions, JudgedBy judgedBy,
                      Optional<Failure> simulation) implements Reason {
        public Restricted {
            deniedActions = List.copyOf(deniedActions);
            restrictions = List.copyOf(restrictions);
        }
    }

    /** What restricts an access role. */
    sealed interface Restriction {
    }

    /** The role's permissions boundary does not allow the actions. */
    record BoundaryRestriction(Optional<String> policyArn) implements Restriction {
    }

    /**
     * An explicit Deny in one of the role's own policies.
     *
     * @param policy the inline policy's name or the managed policy's ARN (or ID, as IAM's simulation names it)
     * @param kind IAM's word for it: {@code inline}, {@code aws-managed}, {@code customer-managed}
     */
    record DenyStatement(String policy, String kind) implements Restriction {
    }

    /** A service control policy attached to {@code targetId} (the account, an OU or the root) denies the actions. */
    record ScpDenies(String policyId, String policyName, String targetId) implements Restriction {
    }

    /** No service control policy attached to {@code targetId} allows the actions (FullAWSAccess was detached). */
    record ScpAllowsNot(String targetId) implements Restriction {
    }

    /** IAM says an SCP restricts the role, but the SCPs could not be read to name it. */
    record ScpUnnamed(Optional<Failure> failure) implements Restriction {
    }

    /**
     * IAM could not decide: the policies test context keys the simulation did not have. Neither verified nor restricted.
     */
    record DecisionIncomplete(String roleArn, List<String> undecidedActions, List<String> missingContextKeys,
                              JudgedBy judgedBy) implements Reason {
        public DecisionIncomplete {
            undecidedActions = List.copyOf(undecidedActions);
            missingContextKeys = List.copyOf(missingContextKeys);
        }
    }

    /**
     * Configured customer-managed policies the member account does not hold: a customer-managed policy lives in one
     * account, and each member needs its own of that path and name.
     */
    record PoliciesNotInAccount(String roleArn, List<String> policyArns, List<Action> done) implements Reason {
        public PoliciesNotInAccount {
            policyArns = List.copyOf(policyArns);
            done = List.copyOf(done);
        }
    }

    /** Another run (the same event delivered twice, at once) made the role a moment ago; it works. */
    record MadeByAnotherRun(String roleArn) implements Reason {
    }

    /** This run changed the role ({@link AccountResult#actions()}) and then assumed it. */
    record ChangedAndAssumed(String roleArn) implements Reason {
    }

    /**
     * The role works, and it was created by this tool (its creation tag says so) in an invocation of this run that died
     * before it could stage the result: announced as created, never as if it had always been there.
     */
    record CreatedByLostInvocation(String roleArn, Reason now) implements Reason {
    }

    /** An earlier run made {@code change} at {@code since} but could not announce it; this run does. */
    record AnnouncedLate(Outcome change, Instant since, Reason now) implements Reason {
    }

    // ------------------------------------------------------------------------------------------------------ dry run

    record WouldCreate(String roleArn, List<String> trustedPrincipals, List<String> policyArns) implements Reason {
        public WouldCreate {
            trustedPrincipals = List.copyOf(trustedPrincipals);
            policyArns = List.copyOf(policyArns);
        }
    }

    /** @param trustToAdmit principals the trust would be made to admit, empty when the trust is right */
    record WouldRepair(String roleArn, List<String> trustToAdmit, List<String> policiesToAttach) implements Reason {
        public WouldRepair {
            trustToAdmit = List.copyOf(trustToAdmit);
            policiesToAttach = List.copyOf(policiesToAttach);
        }
    }

    // ---------------------------------------------------------------------------------------- a person must act

    /** @param admitted what the trust admits today, for telling a person who else can get in */
    record TrustDoesNotAdmit(String roleArn, List<String> principals, List<String> admitted) implements Reason {
        public TrustDoesNotAdmit {
            principals = List.copyOf(principals);
            admitted = List.copyOf(admitted);
        }
    }

    /** The trust has an explicit Deny that applies to the principals: the owner's choice, never overridden. */
    record TrustDenies(String roleArn, List<String> principals) implements Reason {
        public TrustDenies {
            principals = List.copyOf(principals);
        }
    }

    record LacksPolicies(String roleArn, List<String> missing, Bootstraps bootstraps) implements Reason {
        public LacksPolicies {
            missing = List.copyOf(missing);
        }
    }

    /** AccessDenied on the access role: missing, or not trusting the management account. */
    record CannotAssume(String roleArn, Bootstraps bootstraps) implements Reason {
    }

    /**
     * A change was made but the role could not be assumed within the propagation wait.
     *
     * @param lastError the last verification error, when it was not a plain AccessDenied
     */
    record NotAssumableYet(String roleArn, Duration waited, Optional<Failure> lastError) implements Reason {
    }

    /** Trust and policies look right, yet AssumeRole is still denied: an SCP, a boundary or a condition. */
    record StillDenied(String roleArn, List<String> trustedPrincipals, Duration waited) implements Reason {
        public StillDenied {
            trustedPrincipals = List.copyOf(trustedPrincipals);
        }
    }

    /** An AWS operation failed; {@code done} is what this run had changed before it did. */
    record OperationFailed(Failure failure, List<Action> done) implements Reason {
        public OperationFailed {
            done = List.copyOf(done);
        }
    }

    /** A defect or a surprise outside any AWS call (an unreadable trust document, say). */
    record Unexpected(String errorType, String message, List<Action> done) implements Reason {
        public Unexpected {
            done = List.copyOf(done);
        }
    }

    /**
     * The bootstrap roles that were tried, for the words after "no bootstrap role could do it".
     *
     * @param configured the configured names, in order
     * @param denied those that could be assumed but were refused an IAM operation, with the failure
     */
    record Bootstraps(List<String> configured, List<DeniedBootstrap> denied) {
        public Bootstraps {
            configured = List.copyOf(configured);
            denied = List.copyOf(denied);
        }
    }

    record DeniedBootstrap(String roleName, Failure failure) {
    }

    /**
     * A failed AWS operation, named by the adapter that made the call.
     *
     * @param operation {@code service:Action}, such as {@code iam:CreateRole}
     * @param errorCode the AWS error code, or the client-side exception's name (network, timeouts)
     */
    record Failure(String operation, String errorCode, String message) {
    }
}
