package io.orgaccessguard.notify;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.Announcer.RunDigest;
import io.orgaccessguard.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One message for a whole run, made from its typed results when it is sent. Every account it announces is named on
 * one line (ID, name, outcome, what was done); what is the same for every account (the one-click links, the bootstrap
 * alternative) is said once; then the full remediation of as many accounts as fit. The complete report (every
 * announced account with its remediation) is an object in the stack's bucket, which the digest links; should even the
 * lines outgrow SNS's size limit, the digest says that the rest are named there.
 */
final class Digest {

    /** Characters of an account name on its line. */
    static final int NAME_WIDTH = 50;
    private static final int OUTCOME_WIDTH = 23;
    private static final List<Outcome> ORDER = List.of(Outcome.values());

    /** Where the run's complete report is: an {@code s3://} URI and the S3 console's page of the object. */
    record ReportLocation(String s3Uri, String consoleUrl) {
    }

    private Digest() {
    }

    /** The key of a run's complete report in the bucket: outside {@code member-templates/}, which members read. */
    static String reportKey(String runId) {
        return "reports/" + runId.replaceAll("[^A-Za-z0-9._-]", "-") + ".txt";
    }

    /**
     * @param report where the complete report was written, when there is a bucket
     * @param templatesUnavailable why the member-account templates are not in the bucket, when that failed
     */
    static Notification render(RunDigest digest, GuardConfig config, Optional<ReportLocation> report,
                               Optional<String> templatesUnavailable) {
        List<Entry> entries = digest.announced().stream()
                .map(result -> Entry.of(result, digest.organization(), config, templatesUnavailable)).toList();
        String shared = shared(entries);
        // The lines first: every account named, if it can be; a prefix of them only past what any message holds. The
        // machine JSON lists the IDs only when all of them fit with every line (it goes once per machine protocol).
        boolean ids = Notifier.size(framed(digest, config, report, entries, entries.size(), true, shared, List.of()))
                <= Notifier.MAX_MESSAGE_BYTES;
        int named = ids ? entries.size() : largestFitting(entries.size(),
                n -> framed(digest, config, report, entries, n, false, shared, List.of()));
        var remedied = new ArrayList<Entry>();
        if (named == entries.size()) {
            int budget = Notifier.MAX_MESSAGE_BYTES
                    - Notifier.size(framed(digest, config, report, entries, named, ids, shared, List.of()));
            for (Entry entry : entries) {
                if (entry.remediation().isEmpty()) {
                    continue;
                }
                int cost = escapedLength(entry.remediation());
                if (cost > budget) {
                    break;
                }
                budget -= cost;
                remedied.add(entry);
            }
        }
        Notification notification = framed(digest, config, report, entries, named, ids, shared, remedied);
        while (Notifier.size(notification) > Notifier.MAX_MESSAGE_BYTES && !remedied.isEmpty()) {
            remedied.removeLast();
            notification = framed(digest, config, report, entries, named, ids, shared, remedied);
        }
        return notification;
    }

    /** The complete report of a run: every announced account with its line and its full remediation. */
    static String report(RunDigest digest, GuardConfig config, Optional<String> templatesUnavailable) {
        List<Entry> entries = digest.announced().stream()
                .map(result -> Entry.of(result, digest.organization(), config, templatesUnavailable)).toList();
        var text = new StringBuilder(header(digest));
        text.append("\nAnnounced: ").append(entries.size()).append(" account(s)\n");
        entries.forEach(entry -> text.append(entry.line()));
        text.append("\nEach account in full:\n");
        entries.forEach(entry -> text.append('\n').append(entry.full()));
        return text.toString();
    }

    /** The largest {@code n <= max} whose rendering fits SNS's limit, by bisection: a few renders, not {@code max}. */
    private static int largestFitting(int max, java.util.function.IntFunction<Notification> rendered) {
        if (Notifier.size(rendered.apply(max)) <= Notifier.MAX_MESSAGE_BYTES) {
            return max;
        }
        int low = 0;
        int high = max - 1;
        int fits = 0;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Notifier.size(rendered.apply(middle)) <= Notifier.MAX_MESSAGE_BYTES) {
                fits = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return fits;
    }

    private static Notification framed(RunDigest digest, GuardConfig config, Optional<ReportLocation> report,
                                       List<Entry> entries, int named, boolean ids, String shared,
                                       List<Entry> remedied) {
        Organization organization = digest.organization();
        List<Entry> lines = entries.subList(0, named);
        return new Notification(subject(digest, entries),
                text(digest, config, report, entries, lines, shared, remedied),
                json(digest, config, report, entries, named, ids),
                Map.of(NotificationRenderer.OUTCOME_ATTRIBUTE, "DIGEST",
                        NotificationRenderer.MANAGEMENT_ACCOUNT_ID_ATTRIBUTE, organization.managementAccountId()));
    }

    private static String subject(RunDigest digest, List<Entry> entries) {
        long problems = entries.stream().filter(entry -> entry.outcome().needsPerson()).count();
        long changes = entries.stream().filter(entry -> entry.outcome().isChange()).count();
        return SubjectLine.PREFIX + problems + " account(s) need action, " + changes + " changed, of "
                + digest.checked() + " checked";
    }

    private static String header(RunDigest digest) {
        Organization organization = digest.organization();
        var text = new StringBuilder();
        text.append("org-access-guard run ").append(digest.runId()).append(" checked ").append(digest.checked())
                .append(" account(s) of organization ").append(organization.id()).append(" (management account ")
                .append(organization.managementAccountId()).append(").\n\nOutcomes:\n");
        for (Outcome outcome : ORDER) {
            if (digest.counts().containsKey(outcome)) {
                text.append(String.format("    %-24s %d%n", outcome.name(), digest.counts().get(outcome)));
            }
        }
        return text.toString();
    }

    private static String text(RunDigest digest, GuardConfig config, Optional<ReportLocation> report,
                               List<Entry> entries, List<Entry> lines, String shared, List<Entry> remedied) {
        var text = new StringBuilder(header(digest));
        text.append('\n').append(report.map(where -> "The complete report, every announced account with its"
                        + " remediation:\n    " + where.s3Uri() + "\n    " + where.consoleUrl() + "\n")
                .orElse("Every result is in this function's log, one event per account (\"type\":"
                        + " \"account-result\").\n"));
        directory(digest.organization(), config).ifPresent(where -> text.append("\nEvery active account, its access"
                + " status, switch-role link and CLI profile (the access directory, rewritten after each full run):\n"
                + "    ").append(where.get("page")).append("\n    ").append(where.get("pageConsoleUrl"))
                .append("\nOpen it with: aws s3 cp ").append(where.get("page")).append(" . (then open the file in a"
                        + " browser). CLI profiles of the accounts that can be entered: ")
                .append(where.get("awsConfig")).append('\n'));
        text.append("\nAnnounced now (new or changed since the last run, or a reminder): ").append(entries.size())
                .append(" account(s)\n");
        lines.forEach(entry -> text.append(entry.line()));
        if (lines.size() < entries.size()) {
            text.append("... and ").append(entries.size() - lines.size()).append(" more account(s), past what one"
                    + " message holds: ").append(report.map(where -> "every one is named in the complete report, "
                    + where.s3Uri()).orElse("every one is in this function's log")).append('\n');
        }
        text.append(shared);
        if (!remedied.isEmpty() || entries.stream().anyMatch(entry -> !entry.remediation().isEmpty())) {
            long toRemedy = entries.stream().filter(entry -> !entry.remediation().isEmpty()).count();
            text.append("\nWhat to do, account by account (").append(remedied.size()).append(" of ").append(toRemedy)
                    .append(remedied.size() < toRemedy ? report.map(where -> "; the rest in the complete report, "
                            + where.s3Uri()).orElse("; the rest in this function's log") : "").append("):\n");
            remedied.forEach(entry -> text.append('\n').append(entry.remediation()));
        }
        return text.toString();
    }

    /** What is the same for every account: the one-click links and the bootstrap alternative, said once. */
    private static String shared(List<Entry> entries) {
        var links = new LinkedHashMap<String, String>();
        var notes = new LinkedHashSet<String>();
        var unavailable = new LinkedHashSet<String>();
        entries.forEach(entry -> entry.oneClick().ifPresent(fix -> {
            fix.links().forEach(link -> links.putIfAbsent(link.url(), link.creates()));
            notes.addAll(fix.notes());
            fix.unavailable().ifPresent(unavailable::add);
        }));
        Optional<Remediation> bootstrap = entries.stream().flatMap(entry -> entry.fix().stream())
                .filter(fix -> fix.has(Remediation.Step.BOOTSTRAP)).findFirst();
        if (links.isEmpty() && unavailable.isEmpty() && bootstrap.isEmpty()) {
            return "";
        }
        var text = new StringBuilder("\nThe same for every account above that needs a person:\n");
        links.forEach((url, creates) -> text.append("  One click, signed in to the member account, creates ")
                .append(creates).append(":\n    ").append(url).append('\n'));
        notes.forEach(note -> text.append("  ").append(note).append('\n'));
        unavailable.forEach(why -> text.append("  One-click links are unavailable: ").append(why).append('\n'));
        bootstrap.ifPresent(fix -> {
            text.append("  Or let org-access-guard fix it: create the bootstrap role ")
                    .append(fix.bootstrap().roleName()).append(" in the member account (shown for ")
                    .append(fix.memberAccountId()).append("; in another account, put its ID there):\n");
            fix.bootstrap().commands().forEach(command -> text.append("    ").append(command).append('\n'));
        });
        return text.toString();
    }

    private static String json(RunDigest digest, GuardConfig config, Optional<ReportLocation> report,
                               List<Entry> entries, int named, boolean ids) {
        Organization organization = digest.organization();
        var json = new LinkedHashMap<String, Object>();
        json.put("source", "org-access-guard");
        json.put("type", "digest");
        json.put("schemaVersion", MachineJson.SCHEMA_VERSION);
        json.put("runId", digest.runId());
        json.put("organizationId", organization.id());
        json.put("managementAccountId", organization.managementAccountId());
        json.put("checked", digest.checked());
        var counts = new LinkedHashMap<String, Object>();
        digest.counts().forEach((outcome, count) -> counts.put(outcome.name(), count));
        json.put("counts", counts);
        report.ifPresent(where -> json.put("report", Map.of("s3Uri", where.s3Uri(), "consoleUrl",
                where.consoleUrl())));
        directory(organization, config).ifPresent(where -> json.put("accessDirectory", where));
        json.put("accountsAnnounced", entries.size());
        // Goes once per machine protocol: listed when every ID fits next to every line of the text, else left to the
        // text (which names them all, while one message can) and the report.
        if (ids) {
            var byOutcome = new LinkedHashMap<String, List<String>>();
            entries.forEach(entry -> byOutcome.computeIfAbsent(entry.outcome().name(), name -> new ArrayList<>())
                    .add(entry.accountId()));
            json.put("accountIdsByOutcome", byOutcome);
        }
        // Announced accounts the text does not name (past what one message holds): the report names them.
        json.put("accountsOmitted", entries.size() - named);
        return Json.write(json);
    }

    private static Optional<Map<String, Object>> directory(Organization organization, GuardConfig config) {
        return config.artifactBucket().map(bucket -> {
            var where = new LinkedHashMap<String, Object>();
            where.put("page", ArtifactLocations.s3Uri(bucket, ArtifactLocations.DIRECTORY_PAGE));
            where.put("pageConsoleUrl", ArtifactLocations.consoleUrl(organization, config.region(), bucket,
                    ArtifactLocations.DIRECTORY_PAGE));
            where.put("awsConfig", ArtifactLocations.s3Uri(bucket, ArtifactLocations.DIRECTORY_AWS_CONFIG));
            return where;
        });
    }

    /** The bytes a text takes as a JSON string value (quotes, escapes, UTF-8). */
    private static int escapedLength(String text) {
        return Json.write(text).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * One account's part of the digest, rendered once.
     *
     * @param line ID, name, outcome and what was done, on one line
     * @param remediation why, the commands and the re-check (empty when there is nothing to do)
     * @param full the line's facts, the reason, links and commands: the account's part of the complete report
     */
    private record Entry(String accountId, Outcome outcome, String line, String remediation, String full,
                         Optional<Remediation> fix, Optional<OneClickFix> oneClick) {

        static Entry of(AccountResult result, Organization organization, GuardConfig config,
                        Optional<String> templatesUnavailable) {
            ResultWords words = ResultWords.of(result);
            Optional<Remediation> fix = Remediation.of(words, organization, config);
            Optional<OneClickFix> oneClick = fix.flatMap(remediation -> OneClickFix.of(result.outcome(), remediation,
                    organization, config, templatesUnavailable));
            String id = PlainText.oneLine(result.accountId(), 32);
            String line = String.format("%-12s  %-" + NAME_WIDTH + "s  %-" + OUTCOME_WIDTH + "s  %s%n", id,
                    PlainText.oneLine(result.accountName(), NAME_WIDTH), result.outcome().name(), done(result));
            String commands = fix.map(Entry::commands).orElse("");
            String remediation = commands.isEmpty() ? "" : "- " + id + ": " + PlainText.oneLine(words.reason(), 1000)
                    + "\n" + commands;
            var full = new StringBuilder("- ").append(id).append(' ').append(PlainText.oneLine(result.accountName(),
                    80)).append(": ").append(result.outcome().name()).append("\n  ")
                    .append(PlainText.oneLine(words.reason(), 1000)).append('\n');
            oneClick.ifPresent(links -> links.links().forEach(link -> full.append("  One click, signed in to ")
                    .append(links.memberAccountId()).append(", creates ").append(link.creates()).append(":\n    ")
                    .append(link.url()).append('\n')));
            full.append(commands);
            fix.filter(remediation1 -> remediation1.has(Remediation.Step.BOOTSTRAP)).ifPresent(f -> {
                full.append("  Or create the bootstrap role ").append(f.bootstrap().roleName()).append(":\n");
                f.bootstrap().commands().forEach(command -> full.append("    ").append(command).append('\n'));
            });
            return new Entry(id, result.outcome(), line, remediation, full.toString(), fix, oneClick);
        }

        /** What the run did in the account, in a few words (the ARNs are in the report). */
        static String done(AccountResult result) {
            if (result.actions().isEmpty()) {
                return result.outcome().needsPerson() ? "nothing: needs a person" : "nothing";
            }
            Set<String> done = new LinkedHashSet<>();
            for (Action action : result.actions()) {
                done.add(switch (action) {
                    case Action.RoleCreated created -> "created the role";
                    case Action.TrustUpdated trust -> "repaired its trust";
                    case Action.PolicyAttached attached -> "attached " + attached.policyArn()
                            .substring(attached.policyArn().lastIndexOf('/') + 1);
                });
            }
            return String.join(", ", done);
        }

        private static String commands(Remediation remediation) {
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
            var text = new StringBuilder();
            if (!commands.isEmpty()) {
                text.append("  In account ").append(remediation.memberAccountId()).append(":\n");
                commands.forEach(command -> text.append("    ").append(command).append('\n'));
            }
            text.append("  Then re-check: ").append(remediation.recheck()).append('\n');
            return text.toString();
        }
    }
}
