package io.orgaccessguard.notify;

import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION_ID;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared test data of the notification tests: a GovCloud organization beside the commercial one of
 * {@link io.orgaccessguard.testsupport.Fixtures}, and results for the member account.
 */
final class Fixtures {

    static final String MEMBER = "222233334444";
    static final Organization GOV_ORGANIZATION = new Organization(ORGANIZATION_ID, MANAGEMENT_ACCOUNT_ID, "aws-us-gov");

    private static final Pattern QUOTED_JSON = Pattern.compile("'(\\{.*?\\})'");

    private Fixtures() {
    }

    static GuardConfig config(String... variables) {
        var env = new HashMap<String, String>();
        for (int i = 0; i < variables.length; i += 2) {
            env.put(variables[i], variables[i + 1]);
        }
        return GuardConfig.from(env);
    }

    static ResultWords result(Outcome outcome) {
        return result(outcome, "Payments Prod");
    }

    static ResultWords result(Outcome outcome, String name) {
        return new ResultWords(MEMBER, name, "INVITED", outcome, "AssumeRole was denied", Optional.empty(),
                List.of(), Optional.empty());
    }

    /** The same as the core reports it: typed, for what takes core results (the notifier). */
    static AccountResult accountResult(Outcome outcome) {
        return new AccountResult(MEMBER, "Payments Prod", "INVITED", outcome, new Reason.CannotAssume(
                ORGANIZATION.roleArn(MEMBER, "OrganizationAccountAccessRole"),
                new Reason.Bootstraps(List.of(), List.of())), Optional.empty(), List.of(), Optional.empty());
    }

    static ResultWords unknownAccount(String accountId, Outcome outcome, String reason) {
        return new ResultWords(accountId, "", "", outcome, reason, Optional.empty(), List.of(), Optional.empty());
    }

    static ResultWords bootstrapped(Outcome outcome, List<String> actions) {
        return new ResultWords(MEMBER, "Payments Prod", "INVITED", outcome, "done through the bootstrap role",
                Optional.of("OrgAccessGuardBootstrap"), actions, Optional.empty());
    }

    /** The lines of {@code text} that start (after indentation) with {@code prefix}. */
    static List<String> linesStartingWith(String text, String prefix) {
        return text.lines().map(String::strip).filter(line -> line.startsWith(prefix)).toList();
    }

    /** The single-quoted JSON document in a command line, parsed. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> quotedJson(String command) {
        Matcher matcher = QUOTED_JSON.matcher(command);
        if (!matcher.find()) {
            throw new AssertionError("no quoted JSON in: " + command);
        }
        return (Map<String, Object>) Json.parse(matcher.group(1));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
