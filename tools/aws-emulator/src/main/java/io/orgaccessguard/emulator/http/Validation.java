package io.orgaccessguard.emulator.http;

import java.util.regex.Pattern;

/**
 * AWS's generic input validation ({@code ValidationError}, 400) with its "1 validation error detected" wording, used
 * by the query services.
 */
public final class Validation {

    private Validation() {
    }

    public static AwsException error(String value, String member, String constraint) {
        return new AwsException("ValidationError", 400, "1 validation error detected: Value '" + value + "' at '"
                + member + "' failed to satisfy constraint: Member must " + constraint);
    }

    public static void length(String value, String member, int min, int max) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < min) {
            throw error(value, member, "have length greater than or equal to " + min);
        }
        if (length > max) {
            throw error(value, member, "have length less than or equal to " + max);
        }
    }

    public static void pattern(String value, String member, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw error(value, member, "satisfy regular expression pattern: " + pattern.pattern());
        }
    }

    /** An optional integer member within a range. */
    public static Integer integer(String value, String member, int min, int max) {
        if (value == null) {
            return null;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new AwsException("ValidationError", 400, "Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must be a number");
        }
        if (parsed < min) {
            throw error(value, member, "have value greater than or equal to " + min);
        }
        if (parsed > max) {
            throw error(value, member, "have value less than or equal to " + max);
        }
        return parsed;
    }
}
