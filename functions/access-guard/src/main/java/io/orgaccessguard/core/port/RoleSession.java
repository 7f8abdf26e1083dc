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

    @Override
    void close();

    /**
     * @param trustDocument the trust policy as JSON
     * @param tags the role's tags, as IAM returns them
     */
    record ExistingRole(String arn, String trustDocument, Map<String, String> tags) {
        public ExistingRole {
            tags = Map.copyOf(tags);
        }
    }
}
