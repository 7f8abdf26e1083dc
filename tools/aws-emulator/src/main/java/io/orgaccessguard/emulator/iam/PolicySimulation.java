package io.orgaccessguard.emulator.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.orgaccessguard.emulator.http.QueryParams;
import io.orgaccessguard.emulator.http.Validation;
import io.orgaccessguard.emulator.http.Xml;
import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyDocument;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.policy.PolicyParser;
import io.orgaccessguard.emulator.policy.Statement;
import io.orgaccessguard.emulator.state.EmulatorState;
import io.orgaccessguard.emulator.state.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code iam:SimulatePrincipalPolicy} for a role of the caller's account
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html): the role's identity
 * policies (plus {@code PolicyInputList}), its permissions boundary (or {@code PermissionsBoundaryPolicyInputList}),
 * and the SCPs of its account, evaluated by {@link PolicyEvaluator} for every action and resource, with only the
 * {@code ContextEntries} given as the request context (a key a matching statement tests but the caller did not give
 * is reported in {@code MissingContextValues} and treated as absent).
 *
 * <p>Each result is an {@code EvaluationResult} (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html):
 * {@code EvalDecision} allowed | explicitDeny | implicitDeny; {@code MatchedStatements} of the role's own policies
 * (the Deny statements alone when one denies); {@code PermissionsBoundaryDecisionDetail} when a boundary applies;
 * {@code OrganizationsDecisionDetail} when SCPs apply (a member account); {@code EvalDecisionDetails} absent for
 * {@code *} in the same account and present but empty for a resource ARN. Not honoured: {@code ResourcePolicy},
 * {@code ResourceOwner}, {@code CallerArn}, {@code ResourceHandlingOption}, {@code ResourceSpecificResults}.
 */
final class PolicySimulation {

    private static final JsonFactory JSON = new JsonFactory();

    private PolicySimulation() {
    }

    static Xml simulate(QueryParams p, EmulatorState state, Role role) {
        List<String> actions = p.list("ActionNames.member");
        if (actions.isEmpty()) {
            throw Validation.error("null", "actionNames", "not be null");
        }
        for (String action : actions) {
            Validation.length(action, "actionNames.member", 3, 128);
        }
        List<String> resources = p.list("ResourceArns.member");
        if (resources.isEmpty()) {
            resources = List.of("*");
        }
        var context = new LinkedHashMap<String, List<String>>();
        for (int i : p.indices("ContextEntries.member")) {
            String prefix = "ContextEntries.member." + i;
            String key = p.getOrNull(prefix + ".ContextKeyName");
            Validation.length(key, "contextEntries.member.contextKeyName", 5, 256);
            if (key != null) {
                context.put(key, p.list(prefix + ".ContextKeyValues.member"));
            }
        }
        PolicyEvaluator.Policies own = state.policiesOf(role);
        var identity = new ArrayList<>(own.identity());
        List<String> inputs = p.list("PolicyInputList.member");
        for (int i = 0; i < inputs.size(); i++) {
            identity.add(new PolicyEvaluator.Source("PolicyInputList." + (i + 1), "none",
                    PolicyParser.parse(inputs.get(i), PolicyParser.Kind.IDENTITY, v -> null)));
        }
        PolicyEvaluator.Source boundary = own.boundary();
        List<String> boundaryInputs = p.list("PermissionsBoundaryPolicyInputList.member");
        if (!boundaryInputs.isEmpty()) {
            boundary = new PolicyEvaluator.Source("PermissionsBoundaryPolicyInputList.1", "none",
                    PolicyParser.parse(boundaryInputs.getFirst(), PolicyParser.Kind.IDENTITY, v -> null));
        }
        var policies = new PolicyEvaluator.Policies(identity, boundary, own.scpLevels(), List.of());

        var results = new ArrayList<Xml>();
        for (String action : actions) {
            for (String resource : resources) {
                results.add(result(PolicyEvaluator.evaluate(policies,
                        new PolicyEvaluator.Request(action, resource, context, true)), action, resource));
            }
        }
        int maxItems = IamHandler.maxItems(p);
        String scope = "simulate:" + role.roleId();
        String marker = IamHandler.decodeMarker(p.getOrNull("Marker"), scope);
        int start = Math.min(marker == null ? 0 : IamHandler.parseIndex(marker), results.size());
        int end = Math.min(results.size(), start + maxItems);
        var xml = new Xml().open("EvaluationResults");
        results.subList(start, end).forEach(r -> xml.open("member").raw(r).close("member"));
        boolean truncated = end < results.size();
        xml.close("EvaluationResults").element("IsTruncated", truncated);
        if (truncated) {
            xml.element("Marker", IamHandler.encodeMarker(scope, Integer.toString(end)));
        }
        return xml;
    }

    private static Xml result(PolicyEvaluator.Result r, String action, String resource) {
        var xml = new Xml().element("EvalActionName", action).element("EvalResourceName", resource)
                .element("EvalDecision", switch (r.decision()) {
                    case ALLOW -> "allowed";
                    case EXPLICIT_DENY -> "explicitDeny";
                    case IMPLICIT_DENY -> "implicitDeny";
                });
        // "If an AWS Organizations SCP included in the evaluation denies access, the simulation ends."
        boolean endedByScp = r.decision() == Decision.EXPLICIT_DENY
                && r.deniedBy() == PolicyEvaluator.DeniedBy.SERVICE_CONTROL_POLICY;
        xml.open("MatchedStatements");
        if (!endedByScp) {
            for (PolicyEvaluator.Match m : r.matchedStatements()) {
                xml.open("member").raw(statement(m)).close("member");
            }
        }
        xml.close("MatchedStatements");
        xml.open("MissingContextValues");
        r.missingContextKeys().forEach(k -> xml.element("member", k));
        xml.close("MissingContextValues");
        if (!"*".equals(resource) && !endedByScp) {
            xml.open("EvalDecisionDetails").close("EvalDecisionDetails");
        }
        if (r.allowedByOrganizations() != null) {
            xml.open("OrganizationsDecisionDetail").element("AllowedByOrganizations", r.allowedByOrganizations())
                    .close("OrganizationsDecisionDetail");
        }
        if (r.allowedByBoundary() != null) {
            xml.open("PermissionsBoundaryDecisionDetail")
                    .element("AllowedByPermissionsBoundary", r.allowedByBoundary())
                    .close("PermissionsBoundaryDecisionDetail");
        }
        return xml;
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_Statement.html, with the statement's place in its policy. */
    private static Xml statement(PolicyEvaluator.Match m) {
        var xml = new Xml().element("SourcePolicyId", m.source().id())
                .element("SourcePolicyType", m.source().type());
        int[] where = position(m.source().document(), m.statement());
        if (where != null) {
            xml.open("StartPosition").element("Line", where[0]).element("Column", where[1]).close("StartPosition")
                    .open("EndPosition").element("Line", where[2]).element("Column", where[3]).close("EndPosition");
        }
        return xml;
    }

    /** Line and column (1-based) where the statement's object begins and ends in the policy text, or null. */
    private static int[] position(PolicyDocument document, Statement statement) {
        int index = -1;
        for (int i = 0; i < document.statements().size(); i++) {
            if (document.statements().get(i) == statement) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(document.json())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"Statement".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.START_OBJECT) {
                    return index == 0 ? span(parser) : null;
                }
                int i = 0;
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    if (i++ == index) {
                        return span(parser);
                    }
                    parser.skipChildren();
                }
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static int[] span(JsonParser parser) throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        parser.skipChildren();
        JsonLocation end = parser.currentTokenLocation();
        return new int[] {start.getLineNr(), start.getColumnNr(), end.getLineNr(), end.getColumnNr() + 1};
    }

}
