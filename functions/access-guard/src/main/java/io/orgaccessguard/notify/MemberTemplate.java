package io.orgaccessguard.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CloudFormation templates a person (or a service-managed StackSet) runs in a member account, shipped in the
 * function's jar under {@code member-templates/}: the access role itself, or the bootstrap role that lets
 * org-access-guard create and repair it. Their parameter names are the ones quick-create links fill in.
 */
public enum MemberTemplate {

    /** Creates the access role: trust for the management account (or the configured principals), the policies. */
    ACCESS_ROLE("access-role.yaml", "org-access-guard-access-role"),
    /** Creates the least-privilege bootstrap role ({@link PolicyDocuments#BOOTSTRAP_ACTIONS} on the access role). */
    BOOTSTRAP_ROLE("bootstrap-role.yaml", "org-access-guard-bootstrap-role");

    public static final String MANAGEMENT_ACCOUNT_ID = "ManagementAccountId";
    public static final String ACCESS_ROLE_NAME = "AccessRoleName";
    public static final String POLICY_ARNS = "PolicyArns";
    public static final String TRUSTED_PRINCIPAL_ARNS = "TrustedPrincipalArns";
    public static final String BOOTSTRAP_ROLE_NAME = "BootstrapRoleName";

    private static final String FOLDER = "member-templates/";

    private final String fileName;
    private final String stackName;

    MemberTemplate(String fileName, String stackName) {
        this.fileName = fileName;
        this.stackName = stackName;
    }

    /** The file name, also the last segment of its object key in the bucket. */
    public String fileName() {
        return fileName;
    }

    /** Where it is on the classpath (and in the jar). */
    public String resourcePath() {
        return FOLDER + fileName;
    }

    /** The stack name a quick-create link suggests: letters, digits and hyphens, as CloudFormation requires. */
    public String stackName() {
        return stackName;
    }

    /** The template text, read from the jar. */
    public String body() {
        try (InputStream in = MemberTemplate.class.getClassLoader().getResourceAsStream(resourcePath())) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + resourcePath());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The access role template's parameter values for this organization's configuration. Lists are comma-joined, as
     * a {@code CommaDelimitedList} parameter takes them.
     */
    public static Map<String, String> accessRoleParameters(String managementAccountId, String accessRoleName,
                                                           List<String> policyArns,
                                                           List<String> trustedPrincipalArns) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put(MANAGEMENT_ACCOUNT_ID, managementAccountId);
        parameters.put(ACCESS_ROLE_NAME, accessRoleName);
        parameters.put(POLICY_ARNS, String.join(",", policyArns));
        parameters.put(TRUSTED_PRINCIPAL_ARNS, String.join(",", trustedPrincipalArns));
        return parameters;
    }

    /** The bootstrap role template's parameter values. */
    public static Map<String, String> bootstrapRoleParameters(String managementAccountId, String bootstrapRoleName,
                                                              String accessRoleName) {
        var parameters = new LinkedHashMap<String, String>();
        parameters.put(MANAGEMENT_ACCOUNT_ID, managementAccountId);
        parameters.put(BOOTSTRAP_ROLE_NAME, bootstrapRoleName);
        parameters.put(ACCESS_ROLE_NAME, accessRoleName);
        return parameters;
    }
}
