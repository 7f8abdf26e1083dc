package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message for a whole run: the counts per outcome, then each account to announce with what to do. Accounts are
 * listed until the message would outgrow SNS's size limit; the rest are counted, never silently dropped.
 */
final class Digest {

    /** Room kept for the counts, headers and JSON framing around the account entries. */
    private static final int FRAME_BYTES = 16 * 1024;
    private static final List<Outcome> ORDER = List.of(Outcome.values());

    private Digest() {
    }

    static Notification render(List<AccountResult> announced, List<AccountResult> checked, boolean incomplete,
                               Organization organization, GuardConfig config, Optional<String> templatesUnavailable) {
        return render(announced.stream().map(ResultWords::of).toList(), RunReport.counts(checked), checked.size(),
                incomplete, organization, config, templatesUnavailable);
    }

    /**
     * @param counts outcomes of every account {@code checked}, announced or not
     * @param templatesUnavailable why the member-account templates are not in the bucket, when that failed
     */
    static Notification render(List<ResultWords> announced, Map<Outcome, Integer> counts, int checked,
                               boolean incomplete, Organization organization, GuardConfig config,
                               Optional<String> templatesUnavailable) {
        var entries = new ArrayList<Entry>();
        int budget = Notifier.MAX_MESSAGE_BYTES - FRAME_BYTES;
        for (ResultWords result : announced) {
            Entry entry = Entry.of(result, organization, config, templatesUnavailable);
            // The text goes out twice (default, email) and the JSON once per machine protocol, each as an escaped
            // JSON string inside the MessageStructure=json body.
            int cost = 2 * escapedLength(entry.text())
                    + Notifier.MACHINE_PROTOCOLS.size() * escapedLength(entry.json());
            if (cost > budget) {
                break;
            }
            budget -= cost;
            entries.add(entry);
        }
        Optional<Directory> directory = config.artifactBucket().map(bucket -> Directory.of(bucket, organization,
                config.region()));
        Notification digest = framed(entries, announced.size(), counts, checked, incomplete, organization, directory);
        // The estimate leaves room; should the framing still not fit, entries go until it does.
        while (Notifier.size(digest) > Notifier.MAX_MESSAGE_BYTES && !entries.isEmpty()) {
            entries.removeLast();
            digest = framed(entries, announced.size(), counts, checked, incomplete, organization, directory);
        }
        return digest;
    }

    /** Where the access directory is: every active account, rewritten after each full run. */
    private record Directory(String page, String pageConsole, String awsConfig) {
        static Directory of(String bucket, Organization organization, String region) {
            return new Directory(ArtifactLocations.s3Uri(bucket, ArtifactLocations.DIRECTORY_PAGE),
                    ArtifactLocations.consoleUrl(organization, region, bucket, ArtifactLocations.DIRECTORY_PAGE),
                    ArtifactLocations.s3Uri(bucket, ArtifactLocations.DIRECTORY_AWS_CONFIG));
        }
    }

    private static Notification framed(List<Entry> entries, int announced, Map<Outcome, Integer> counts, int checked,
                                       boolean incomplete, Organization organization, Optional<Directory> directory) {
        int omitted = announced - entries.size();
        return new Notification(subject(entries, omitted, checked), text(entries, omitted, counts, checked,
                incomplete, organization, directory), json(entries, omitted, counts, checked, incomplete,
                organization, directory),
                Map.of(NotificationRenderer.OUTCOME_ATTRIBUTE, "DIGEST",
                        NotificationRenderer.MANAGEMENT_ACCOUNT_ID_ATTRIBUTE, organization.managementAccountId()));
    }

    /** The bytes a text takes as a JSON string value (quotes, escapes, UTF-8). */
    private static int escapedLength(String text) {
        return Json.write(text).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String subject(List<Entry> entries, int omitted, int checked) {
        long problems = entries.stream().filter(entry -> entry.outcome().needsPerson()).count();
        long changes = entries.stream().filter(entry -> entry.outcome().isChange()).count();
        if (omitted > 0) {
            return SubjectLine.PREFIX + (entries.size() + omitted) + " account(s) to announce, of " + checked
                    + " checked";
        }
        return SubjectLine.PREFIX + problems + " account(s) need action, " + changes + " changed, of "
                + checked + " checked";
    }

    private static String text(List<Entry> entries, int omitted, Map<Outcome, Integer> counts, int checked,
                               boolean incomplete, Organization organization, Optional<Directory> directory) {
        var text = new StringBuilder();
        text.append("org-access-guard checked ").append(checked).append(" account(s) of organization ")
                .append(organization.id()).append(" (management account ").append(organization.managementAccountId())
                .append(").\n");
        if (incomplete) {
            text.append("The run stopped before the invocation's time ran out; invoke the function again with the"
                    + " cursor from its response to check the rest.\n");
        }
        text.append("\nOutcomes:\n");
        for (Outcome outcome : ORDER) {
            if (counts.containsKey(outcome)) {
                text.append(String.format("    %-24s %d%n", outcome.name(), counts.get(outcome)));
            }
        }
        directory.ifPresent(where -> text.append("\nEvery active account, its access status, switch-role link and"
                + " CLI profile (the access directory, rewritten after each full run):\n    ").append(where.page())
                .append("\n    ").append(where.pageConsole()).append("\nOpen it with: aws s3 cp ").append(where.page())
                .append(" . (then open the file in a browser). CLI profiles of the accounts that can be entered: ")
                .append(where.awsConfig()).append('\n'));
        text.append("\nAnnounced now (new or changed since the last run, or a reminder): ")
                .append(entries.size() + omitted).append(" account(s)\n");
        entries.forEach(entry -> text.append('\n').append(entry.text()));
        if (omitted > 0) {
            text.append("\n... and ").append(omitted).append(" more account(s), left out to stay within SNS's message"
                    + " size limit. The function's response and its log list every result.\n");
        }
        return text.toString();
    }

    private static String json(List<Entry> entries, int omitted, Map<Outcome, Integer> counts, int checked,
                               boolean incomplete, Organization organization, Optional<Directory> directory) {
        var json = new LinkedHashMap<String, Object>();
        json.put("source", "org-access-guard");
        json.put("type", "digest");
        json.put("schemaVersion", MachineJson.SCHEMA_VERSION);
        json.put("organizationId", organization.id());
        json.put("managementAccountId", organization.managementAccountId());
        json.put("checked", checked);
        json.put("complete", !incomplete);
        var countJson = new LinkedHashMap<String, Object>();
        counts.forEach((outcome, count) -> countJson.put(outcome.name(), count));
        json.put("counts", countJson);
        directory.ifPresent(where -> {
            var directoryJson = new LinkedHashMap<String, Object>();
            directoryJson.put("page", where.page());
            directoryJson.put("pageConsoleUrl", where.pageConsole());
            directoryJson.put("awsConfig", where.awsConfig());
            json.put("accessDirectory", directoryJson);
        });
        json.put("accounts", entries.stream().map(entry -> Json.parse(entry.json())).toList());
        json.put("accountsOmitted", omitted);
        return Json.write(json);
    }

    /** One account's part of the digest, rendered once. */
    private record Entry(Outcome outcome, String text, String json) {
        static Entry of(ResultWords result, Organization organization, GuardConfig config,
                        Optional<String> templatesUnavailable) {
            Optional<Remediation> fix = Remediation.of(result, organization, config);
            Optional<OneClickFix> oneClick = fix.flatMap(remediation -> OneClickFix.of(result.outcome(), remediation,
                    organization, config, templatesUnavailable));
            var text = new StringBuilder();
            text.append("- ").append(PlainText.oneLine(result.accountId(), 32)).append(' ')
                    .append(PlainText.oneLine(result.accountName(), 80)).append(": ").append(result.outcome().name())
                    .append('\n').append("  ").append(PlainText.oneLine(result.reason(), 1000)).append('\n');
            oneClick.ifPresent(links -> links.links().forEach(link -> text.append("  One click, signed in to ")
                    .append(links.memberAccountId()).append(", creates ").append(link.creates()).append(":\n    ")
                    .append(link.url()).append('\n')));
            fix.ifPresent(remediation -> {
                var commands = new ArrayList<String>();
                if (remediation.has(Remediation.Step.CREATE)) {
                    commands.add(remediation.createRole());
                }
                if (remediation.has(Remediation.Step.UPDATE_TRUST) && !remediation.has(Remediation.Step.CREATE)) {
                    commands.add(remediation.updateTrust());
                }
                if (remediation.has(Remediation.Step.CREATE) || remediation.has(Remediation.Step.ATTACH)) {
                    commands.addAll(remediation.attachPolicies());
                }
                if (!commands.isEmpty()) {
                    text.append("  In account ").append(remediation.memberAccountId()).append(":\n");
                    commands.forEach(command -> text.append("    ").append(command).append('\n'));
                }
                text.append("  Then re-check: ").append(remediation.recheck()).append('\n');
            });
            String json = MachineJson.of(result, organization, config, oneClick, fix, Optional.empty());
            return new Entry(result.outcome(), text.toString(), json);
        }
    }
}
