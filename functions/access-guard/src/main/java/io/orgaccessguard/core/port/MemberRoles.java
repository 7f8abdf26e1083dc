package io.orgaccessguard.core.port;

import java.util.Optional;

/** The way into member accounts: roles assumed as the management account. */
public interface MemberRoles {

    /**
     * Assumes the role, or returns empty when STS answers AccessDenied, which it does alike for a role that does not
     * exist and one whose trust does not admit us. Any other failure is an {@link OperationFailedException}.
     *
     * @param purpose shows in the member account's CloudTrail (the session name) who came in and why
     */
    Optional<RoleSession> assume(String roleArn, SessionPurpose purpose);

    enum SessionPurpose {
        PROBE("org-access-guard-probe"),
        BOOTSTRAP("org-access-guard-bootstrap"),
        VERIFY("org-access-guard-verify");

        private final String sessionName;

        SessionPurpose(String sessionName) {
            this.sessionName = sessionName;
        }

        public String sessionName() {
            return sessionName;
        }
    }
}
