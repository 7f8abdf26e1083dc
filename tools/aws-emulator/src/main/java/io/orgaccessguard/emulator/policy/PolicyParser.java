package io.orgaccessguard.emulator.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.orgaccessguard.emulator.http.AwsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses and validates policy documents with IAM's rules and messages ({@code MalformedPolicyDocument}, 400).
 * Identity policies must not name a principal and must name actions and resources; trust policies must name a
 * principal, may only use {@code sts:} actions and must not name resources.
 */
public final class PolicyParser {

    /**
     * What a document is. {@code SERVICE_CONTROL}: an SCP, with IAM's grammar but no Principal, and Resource optional
     * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html).
     */
    public enum Kind { IDENTITY, TRUST, RESOURCE, SERVICE_CONTROL }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Principal", "NotPrincipal", "Condition");
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]*");

    private PolicyParser() {
    }

    /**
     * @param awsPrincipalCheck for trust policies: returns an error message for an {@code AWS} principal IAM would
     *     reject (unknown role, malformed ARN), or null when it is valid
     */
    public static PolicyDocument parse(String json, Kind kind, Function<String, String> awsPrincipalCheck) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("This policy contains invalid Json");
        }
        if (root == null || !root.isObject()) {
            throw malformed("This policy contains invalid Json");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!TOP_LEVEL.contains(field)) {
                throw malformed("Syntax errors in policy.");
            }
        }
        JsonNode version = root.get("Version");
        if (version != null && !("2012-10-17".equals(version.asText()) || "2008-10-17".equals(version.asText()))) {
            throw malformed("The policy must contain a valid version string");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw malformed("Missing required field Statement");
        }
        List<JsonNode> statementNodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(statementNodes::add);
        } else if (statementNode.isObject()) {
            statementNodes.add(statementNode);
        } else {
            throw malformed("Syntax errors in policy.");
        }
        if (statementNodes.isEmpty()) {
            throw malformed("Could not parse the policy: Statement is empty!");
        }
        var sids = new HashSet<String>();
        var statements = new ArrayList<Statement>();
        for (JsonNode s : statementNodes) {
            Statement statement = statement(s, kind, awsPrincipalCheck);
            if (statement.sid() != null && !sids.add(statement.sid())) {
                throw malformed("Statement IDs (SID) in a single policy must be unique");
            }
            statements.add(statement);
        }
        return new PolicyDocument(json, statements);
    }

    private static Statement statement(JsonNode s, Kind kind, Function<String, String> awsPrincipalCheck) {
        if (!s.isObject()) {
            throw malformed("Syntax errors in policy.");
        }
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            if (!STATEMENT_KEYS.contains(it.next())) {
                throw malformed("Syntax errors in policy.");
            }
        }
        JsonNode effect = s.get("Effect");
        if (effect == null) {
            throw malformed("Missing required field Effect");
        }
        if (!"Allow".equals(effect.asText()) && !"Deny".equals(effect.asText())) {
            throw malformed("Invalid effect: " + effect.asText());
        }
        boolean notAction = s.has("NotAction");
        if (s.has("Action") && notAction) {
            throw malformed("Syntax errors in policy.");
        }
        List<String> actions = strings(s.get(notAction ? "NotAction" : "Action"));
        if (actions.isEmpty()) {
            throw malformed(kind == Kind.TRUST ? "Missing required field Action" : "Policy statement must contain actions.");
        }
        for (String action : actions) {
            if (!ACTION.matcher(action).matches()) {
                throw malformed("Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.");
            }
        }
        boolean notResource = s.has("NotResource");
        if (s.has("Resource") && notResource) {
            throw malformed("Syntax errors in policy.");
        }
        List<String> resources = strings(s.get(notResource ? "NotResource" : "Resource"));
        Statement.Principals principals = null;
        switch (kind) {
            case IDENTITY -> {
                if (s.has("Principal") || s.has("NotPrincipal")) {
                    throw malformed("Policy document should not specify a principal.");
                }
                if (resources.isEmpty()) {
                    throw malformed("Policy statement must contain resources.");
                }
            }
            case TRUST -> {
                if (s.has("NotPrincipal")) {
                    throw malformed("Allow".equals(effect.asText()) ? "Allow with NotPrincipal is not allowed."
                            : "AssumeRole policy must not contain NotPrincipal field.");
                }
                if (s.has("Resource")) {
                    throw malformed("Has prohibited field Resource");
                }
                if (notResource) {
                    throw malformed("AssumeRole policy must not contain resources.");
                }
                for (String action : actions) {
                    if (!"*".equals(action) && !action.regionMatches(true, 0, "sts:", 0, 4)) {
                        throw malformed("AssumeRole policy may only specify STS AssumeRole actions.");
                    }
                }
                principals = principals(s.get("Principal"), awsPrincipalCheck);
            }
            case SERVICE_CONTROL -> {
                if (s.has("Principal") || s.has("NotPrincipal")) {
                    throw malformed("Policy document should not specify a principal.");
                }
            }
            case RESOURCE -> {
                if (s.has("Principal")) {
                    principals = principals(s.get("Principal"), p -> null);
                } else {
                    throw malformed("Missing required field Principal");
                }
            }
        }
        var conditions = new ArrayList<Statement.Condition>();
        JsonNode condition = s.get("Condition");
        if (condition != null) {
            if (!condition.isObject()) {
                throw malformed("Syntax errors in policy.");
            }
            for (Map.Entry<String, JsonNode> op : condition.properties()) {
                if (!op.getValue().isObject()) {
                    throw malformed("Syntax errors in policy.");
                }
                for (Map.Entry<String, JsonNode> key : op.getValue().properties()) {
                    conditions.add(new Statement.Condition(op.getKey(), key.getKey(), strings(key.getValue())));
                }
            }
        }
        String sid = s.hasNonNull("Sid") ? s.get("Sid").asText() : null;
        return new Statement(sid, "Allow".equals(effect.asText()), actions, notAction, resources, notResource,
                principals, conditions);
    }

    private static Statement.Principals principals(JsonNode node, Function<String, String> awsPrincipalCheck) {
        if (node == null) {
            throw malformed("Missing required field Principal");
        }
        if (node.isTextual()) {
            if ("*".equals(node.asText())) {
                return new Statement.Principals(true, List.of(), List.of(), List.of());
            }
            throw malformed("Principal must be a JSON object.");
        }
        if (!node.isObject()) {
            throw malformed("Syntax errors in policy.");
        }
        if (node.isEmpty()) {
            throw malformed("Missing required field Principal cannot be empty!");
        }
        List<String> aws = List.of();
        List<String> service = List.of();
        List<String> federated = List.of();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            List<String> values = strings(e.getValue());
            switch (e.getKey()) {
                case "AWS" -> {
                    for (String v : values) {
                        String problem = awsPrincipalCheck.apply(v);
                        if (problem != null) {
                            throw malformed(problem);
                        }
                    }
                    aws = values;
                }
                case "Service" -> service = values;
                case "Federated" -> federated = values;
                case "CanonicalUser" -> {
                    // accepted, never matches an emulated caller
                }
                default -> throw malformed("Invalid principal in policy: \"" + e.getKey() + "\"");
            }
        }
        boolean anyone = aws.contains("*");
        return new Statement.Principals(anyone, aws, service, federated);
    }

    private static List<String> strings(JsonNode node) {
        var out = new ArrayList<String>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isValueNode()) {
                    throw malformed("Syntax errors in policy.");
                }
                out.add(n.asText());
            }
        } else if (node.isValueNode()) {
            out.add(node.asText());
        } else {
            throw malformed("Syntax errors in policy.");
        }
        return out;
    }

    /** Characters IAM counts against size quotas: it ignores whitespace. */
    public static int countedLength(String json) {
        int n = 0;
        for (int i = 0; i < json.length(); i++) {
            if (!Character.isWhitespace(json.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    public static AwsException malformed(String message) {
        return new AwsException("MalformedPolicyDocument", 400, message);
    }
}
