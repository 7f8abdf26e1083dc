package io.orgaccessguard.emulator.seed;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Small JSON policy builders for tests and seeds. */
public final class PolicyDocuments {

    private PolicyDocuments() {
    }

    /** A trust policy letting these AWS principals (ARNs, account IDs or {@code *}) call {@code sts:AssumeRole}. */
    public static String trust(String... awsPrincipals) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + list(awsPrincipals) + "},\"Action\":\"sts:AssumeRole\"}]}";
    }

    /** An identity policy allowing these actions on a resource pattern. */
    public static String allow(String resource, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + list(actions)
                + ",\"Resource\":\"" + resource + "\"}]}";
    }

    /** An identity policy denying these actions on a resource pattern. */
    public static String deny(String resource, String... actions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":" + list(actions)
                + ",\"Resource\":\"" + resource + "\"}]}";
    }

    private static String list(String... values) {
        return Arrays.stream(values).map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
