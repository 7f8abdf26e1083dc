package io.orgaccessguard.core.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM inside one member account, as an assumed role. Closing it lets go of the session. Failures are
 * {@link OperationFailedException}s naming the IAM operation.
 */
public interface RoleSession extends AutoCloseable {

    /** The role with its trust document (decoded JSON) and tags, or empty when it does not exist. */
    Optional<ExistingRole> getRole(String roleName);

    /**
     * Creates a role whose trust admits exactly {@code trustedPrincipals} for {@code sts:AssumeRole}.
     *
     * @return false when a role of that name already exists (nothing was changed)
     */
    boolean createRole(String roleName, String trustDocument, String description, Map<String, String> tags);

    void updateTrust(String roleName, String trustDocument);

    /** Attaching a policy that is already attached changes nothing, so this is safe to repeat. */
    void attachPolicy(String roleName, String policyArn);

    List<String> attachedPolicyArns(String roleName);

    /** The role's inline policies, by name, as decoded JSON documents. */
    Map<String, String> inlinePolicies(String roleName);

    /**
     * IAM's own evaluation of what {@code principalArn} may do, {@code iam:SimulatePrincipalPolicy} on resource
     * {@code *}: one evaluation per action, with the role's identity policies, its permissions boundary and the SCPs
     * that apply to it (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html).
     */
    List<Evaluation> simulate(String principalArn, List<String> actions, List<ContextEntry> context);

    /**
     * The default version of a managed policy, as a decoded JSON document ({@code iam:GetPolicy} and
     * {@code iam:GetPolicyVersion}), or empty when this account holds no policy of that ARN.
     */
    Optional<String> managedPolicyDocument(String policyArn);

    /** Whether this account holds a managed policy of that ARN ({@code iam:GetPolicy}). */
    boolean policyExists(String policyArn);

    @Override
    void close();

    /**
     * @param trustDocument the trust policy as JSON
     * @param tags the role's tags, as IAM returns them
     */
    record ExistingRole(String arn, String trustDocument, Map<String, String> tags,
                        Optional<String> permissionsBoundaryArn) {
        public ExistingRole {
            tags = Map.copyOf(tags);
        }

        /** A role without a permissions boundary. */
        public ExistingRole(String arn, String trustDocument, Map<String, String> tags) {
            this(arn, trustDocument, tags, Optional.empty());
        }
    }

    /** A context value for a simulation; {@code type} is IAM's ContextKeyType ({@code string}, {@code boolean}). */
    record ContextEntry(String key, String type, String value) {
    }

    enum Decision { ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY }

    /**
     * One action's result of a simulation.
     *
     * @param matched the statements that decided it, by their policy's ID and type as IAM names them (a Deny, when
     *     there is one, is the only one listed); the role's own policies only
     * @param allowedByBoundary false when the role's permissions boundary does not allow the action
     * @param allowedByOrganizations false when an SCP does not allow it
     * @param missingContextKeys keys a policy tests that the simulation was not given: the decision may be wrong
     */
    record Evaluation(String action, Decision decision, List<MatchedPolicy> matched, boolean allowedByBoundary,
                      boolean allowedByOrganizations, List<String> missingContextKeys) {
        public Evaluation {
            matched = List.copyOf(matched);
            missingContextKeys = List.copyOf(missingContextKeys);
        }
    }

    /** @param type IAM's PolicySourceType: {@code role}, {@code aws-managed}, {@code user-managed}, ... */
    record MatchedPolicy(String id, String type) {
    }
}
