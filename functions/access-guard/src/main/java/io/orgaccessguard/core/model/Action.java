package io.orgaccessguard.core.model;

import java.util.List;

/** What a run changed in a member account, as a value: decisions read these, people read them as notify/ words them. */
public sealed interface Action {

    /** The access role was created (trust only; policies are attached as actions of their own). */
    record RoleCreated(String roleArn) implements Action {
    }

    /** A statement admitting {@code principals} was added to the access role's trust. */
    record TrustUpdated(String roleArn, List<String> principals) implements Action {
        public TrustUpdated {
            principals = List.copyOf(principals);
        }
    }

    /** A managed policy was attached to the access role. */
    record PolicyAttached(String roleArn, String policyArn) implements Action {
    }
}
