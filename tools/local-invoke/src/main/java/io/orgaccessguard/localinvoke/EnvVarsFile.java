package io.orgaccessguard.localinvoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An environment-variables file in SAM CLI's {@code --env-vars} format:
 * <pre>{@code
 * {
 *   "Parameters":        { "TABLE_NAME": "local" },      // for every function
 *   "JoinEventFunction": { "TABLE_NAME": "joins" }       // for one function, by logical id (or function name)
 * }
 * }</pre>
 * A function's own section wins over {@code Parameters}. Values are stringified as SAM does: strings as they are,
 * numbers as written, booleans {@code true}/{@code false}, {@code null}, lists and objects as the empty string.
 * ({@code Parameters} here means "for all functions", not template parameters.)
 */
public final class EnvVarsFile {

    /** The section that applies to every function. */
    public static final String ALL_FUNCTIONS = "Parameters";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, String>> sections;

    private EnvVarsFile(Map<String, Map<String, String>> sections) {
        this.sections = sections;
    }

    /** No overrides. */
    public static EnvVarsFile empty() {
        return new EnvVarsFile(Map.of());
    }

    /**
     * Reads a file.
     *
     * @throws IllegalArgumentException if it is not a JSON object of objects
     */
    public static EnvVarsFile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read env-vars file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses the JSON text of a file.
     *
     * @throws IllegalArgumentException if it is not a JSON object of objects
     */
    public static EnvVarsFile parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("env-vars file is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("env-vars file must be a JSON object of objects");
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> section = it.next();
            if (!section.getValue().isObject()) {
                // SAM CLI: OverridesNotWellDefinedError
                throw new IllegalArgumentException("Environment variables " + section.getKey()
                        + " in incorrect format: its value must be an object of variables");
            }
            Map<String, String> vars = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> v = section.getValue().fields(); v.hasNext(); ) {
                Map.Entry<String, JsonNode> e = v.next();
                vars.put(e.getKey(), stringify(e.getValue()));
            }
            sections.put(section.getKey(), Collections.unmodifiableMap(vars));
        }
        return new EnvVarsFile(Collections.unmodifiableMap(sections));
    }

    /** Every section, by name. */
    public Map<String, Map<String, String>> sections() {
        return sections;
    }

    /**
     * The overrides for one function: {@code Parameters}, overlaid by the first section found among
     * {@code logicalId} and {@code functionName}.
     */
    public Map<String, String> forFunction(String logicalId, Optional<String> functionName) {
        Map<String, String> out = new LinkedHashMap<>(sections.getOrDefault(ALL_FUNCTIONS, Map.of()));
        Map<String, String> own = sections.get(logicalId);
        if (own == null && functionName.isPresent()) {
            own = sections.get(functionName.get());
        }
        if (own != null) {
            out.putAll(own);
        }
        return out;
    }

    private static String stringify(JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.asText();
    }
}
