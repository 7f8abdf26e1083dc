package io.orgaccessguard.localinvoke.template;

import java.util.List;
import java.util.Optional;

/**
 * One entry of the template's {@code Parameters} section.
 *
 * @param name          the parameter's logical name
 * @param type          its CloudFormation type ({@code String}, {@code Number}, {@code CommaDelimitedList},
 *                      {@code AWS::SSM::Parameter::Value<String>}...)
 * @param defaultValue  its {@code Default}, as a string (numbers and booleans are stringified), if any
 * @param allowedValues its {@code AllowedValues}, stringified; empty when unrestricted
 * @param noEcho        whether {@code NoEcho: true} (its value must never be printed)
 * @param description   its {@code Description}, or empty
 */
public record TemplateParameter(String name, String type, Optional<String> defaultValue, List<String> allowedValues,
                                boolean noEcho, String description) {

    /** Whether {@code Ref} of this parameter yields a list rather than a string. */
    public boolean isList() {
        return type.equals("CommaDelimitedList") || type.startsWith("List<")
                || type.startsWith("AWS::SSM::Parameter::Value<List<")
                || type.startsWith("AWS::SSM::Parameter::Value<CommaDelimitedList");
    }
}
