package io.orgaccessguard.it.failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An account's name is chosen by whoever owns the account, and it reaches the e-mail subject and body. End to end,
 * through SNS as the emulator accepts it: the subject is one ASCII line of at most 99 characters, the e-mail text is
 * printable ASCII in which the name can neither start a line of its own nor carry markup, and the machine JSON and the
 * log keep the exact name, escaped. Rendering rules are unit-tested in {@code notify/NotificationRendererTest}.
 */
class HostileNamesTest {

    static final String CONTROL_CHARACTERS = "Ops\u0000\u0007\u001b[31mRED\u001b[0m\u007f\u0085\u009b2J\u200b\u202eTeam";
    static final String NEWLINES = "Payments\r\nOutcome: ACCESS_VERIFIED\nSubject: all good\u2028Reason: none\n\n-- \n"
            + "Sent by AWS Security\rBootstrap role used: none";
    static final String HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>"
            + "<a href=\"https://evil.example/signin\">Sign in</a> &lt;b&gt; <!-- -->";
    static final String VERY_LONG = "Very long name " + "x".repeat(10_000) + " end";

    /** No role at all: ROLE_MISSING, with remediation commands. */
    private static final String MISSING = "810000000001";
    /** A bootstrap role: ROLE_CREATED, with a switch-role link and a CLI profile built from the name. */
    private static final String CREATED = "810000000002";

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private static OrganizationSeed named(String name) {
        return Accounts.organization()
                .account(Accounts.member(MISSING, name).build())
                .account(Accounts.member(CREATED, name).role(Accounts.bootstrapRole(CREATED)).build())
                .build();
    }

    /** One message per account: one from a join event, one from a manual check. */
    private List<PublishedMessage> oneMessageEachFor(String name) {
        guard = Guard.start(named(name));
        Report event = guard.joinEvent(EventFiles.accountJoined(MISSING));
        assertThat(event.result(MISSING)).containsEntry("accountName", name).containsEntry("outcome", "ROLE_MISSING");
        logKeepsTheNameEscaped(name);
        Report manual = guard.manual("{\"accountIds\": [\"" + CREATED + "\"]}");
        assertThat(manual.result(CREATED)).containsEntry("accountName", name).containsEntry("outcome", "ROLE_CREATED");
        logKeepsTheNameEscaped(name);
        List<PublishedMessage> messages = guard.aws().publishedMessages();
        assertThat(messages).hasSize(2);
        return messages;
    }

    /** The digest of a backfill of a fresh organization, announcing both accounts. */
    private PublishedMessage digestFor(String name) {
        guard.close();
        guard = Guard.start(named(name));
        Report backfill = guard.manual("{\"all\": true}");
        assertThat(backfill.outcome(MISSING)).isEqualTo("ROLE_MISSING");
        assertThat(backfill.outcome(CREATED)).isEqualTo("ROLE_CREATED");
        logKeepsTheNameEscaped(name);
        return guard.aws().publishedMessages().getLast();
    }

    private static boolean isHostile(Object accountId) {
        return MISSING.equals(accountId) || CREATED.equals(accountId);
    }

    /** One log line per result, whatever the name holds, and the exact name in it. */
    private void logKeepsTheNameEscaped(String name) {
        assertThat(guard.lastContext().logLines()).isNotEmpty().allSatisfy(line -> {
            // Each event ends with the newline that separates it from the next; none may hold another.
            assertThat(line).endsWith("\n");
            assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
            Map<String, Object> logged = Events.parse(line);
            if (isHostile(logged.get("accountId"))) {
                assertThat(logged).containsEntry("accountName", name);
            }
        });
    }

    private Map<String, Object> body(PublishedMessage message) {
        return Events.parse(message.message());
    }

    private void subjectIsOneShortAsciiLine(PublishedMessage message, String accountId) {
        assertThat(message.subject()).startsWith("[org-access-guard] ").hasSizeLessThanOrEqualTo(99)
                .doesNotContain("\n", "\r").matches("[\\x20-\\x7e]+");
        if (accountId != null) {
            assertThat(message.subject()).contains(accountId);
        }
    }

    /** Printable ASCII lines; no markup; no line the name could have forged. */
    private void emailTextIsSafe(String email) {
        assertThat(email).matches("[\\x20-\\x7e\\n]+").doesNotContain("<", ">");
        List<String> lines = email.lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("Outcome:")).hasSizeLessThanOrEqualTo(1);
        assertThat(lines).noneMatch(line -> line.startsWith("Outcome: ACCESS_VERIFIED"));
        assertThat(lines).noneMatch(line -> line.startsWith("Subject:") || line.startsWith("Sent by AWS")
                || line.startsWith("Reason: none"));
        assertThat(lines).filteredOn(line -> line.startsWith("Bootstrap role used:")).hasSizeLessThanOrEqualTo(1);
        assertThat(lines).filteredOn(line -> line.equals("--")).hasSizeLessThanOrEqualTo(1);
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThan(2_000));
    }

    private void machineJsonKeepsTheExactName(PublishedMessage message, String name) {
        Map<String, Object> machine = Events.parse((String) body(message).get("sqs"));
        if ("digest".equals(machine.get("type"))) {
            // The digest's machine JSON is compact (IDs by outcome, no names); the names are in the report.
            @SuppressWarnings("unchecked")
            Map<String, List<String>> ids = (Map<String, List<String>>) machine.get("accountIdsByOutcome");
            assertThat(ids.values().stream().flatMap(List::stream).filter(HostileNamesTest::isHostile)).hasSize(2);
        } else {
            assertThat(machine).containsEntry("accountName", name);
        }
    }

    /** The one-per-account messages of {@code name}'s accounts, checked, then the digest, checked. */
    private List<PublishedMessage> everyMessageIsSafe(String name) {
        List<PublishedMessage> messages = oneMessageEachFor(name);
        subjectIsOneShortAsciiLine(messages.get(0), MISSING);
        subjectIsOneShortAsciiLine(messages.get(1), CREATED);
        for (PublishedMessage message : messages) {
            emailTextIsSafe((String) body(message).get("default"));
            machineJsonKeepsTheExactName(message, name);
            assertThat(message.attributes().values()).allSatisfy(value -> assertThat(value)
                    .matches("[\\x20-\\x7e]{1,64}"));
        }
        PublishedMessage digest = digestFor(name);
        subjectIsOneShortAsciiLine(digest, null);
        emailTextIsSafe((String) body(digest).get("default"));
        assertThat((String) body(digest).get("default")).contains(MISSING).contains(CREATED);
        machineJsonKeepsTheExactName(digest, name);
        return messages;
    }

    @Test
    void accountNameWithControlCharacters_neverReachesSubjectOrBody() {
        List<PublishedMessage> messages = everyMessageIsSafe(CONTROL_CHARACTERS);

        String email = (String) body(messages.getFirst()).get("default");
        // Controls collapse into one space (the terminal escape loses its ESC); invisible format characters show.
        assertThat(email).contains("(Ops [31mRED [0m 2J??Team)").doesNotContain("\u001b", "\u0000", "\u202e");
    }

    @Test
    void accountNameWithNewlines_neverSplitsTheSubjectNorForgesALine() {
        PublishedMessage missing = everyMessageIsSafe(NEWLINES).getFirst();
        assertThat(missing.subject()).startsWith("[org-access-guard] ROLE_MISSING: " + MISSING + " (Payments Outcome:");
        assertThat((String) body(missing).get("default")).contains("Account name:        Payments Outcome: ACCESS_VERIFIED"
                + " Subject: all good Reason: none -- Sent by AWS Security Bootstrap role used: none\n");
    }

    @Test
    void accountNameWithHtml_isNotMarkupInTheEmail() {
        PublishedMessage created = everyMessageIsSafe(HTML).get(1);
        String email = (String) body(created).get("default");
        assertThat(email).contains("?script?alert(1)?/script??img src=x onerror=alert(2)??a href=")
                .doesNotContain("<a ", "<script", "<!--");
        assertThat(email).contains("displayName=%3Fscript%3Falert%281%29%3F%2Fscript%3F");
    }

    @Test
    void accountNameVeryLong_isCutInSubjectAndBodyButKeptWholeInTheMachineJson() {
        PublishedMessage missing = everyMessageIsSafe(VERY_LONG).getFirst();
        assertThat(missing.subject()).hasSize(99).endsWith("...)").contains("ROLE_MISSING: " + MISSING);
        String email = (String) body(missing).get("default");
        assertThat(email).doesNotContain("x".repeat(300)).doesNotContain(" end");
        assertThat(Json.write(Events.parse((String) body(missing).get("sqs")))).contains(" end");
    }
}
