package io.orgaccessguard.it.support;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import io.orgaccessguard.notify.directory.DirectoryInfo;
import io.orgaccessguard.notify.directory.DirectoryPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A large organization for the access directory: every status, three levels of OUs and accounts directly under the
 * root, names that clash (profile names must tell them apart), hostile names (markup, script, quotes, a
 * right-to-left override, a forged INI section), and the management account itself.
 */
public final class DirectoryFixture {

    public static final Organization ORGANIZATION = new Organization(Fixtures.ORGANIZATION_ID, Fixtures.MANAGEMENT_ACCOUNT_ID,
            "aws");
    public static final Instant GENERATED = Instant.parse("2026-11-20T09:14:03Z");
    public static final DirectoryInfo INFO = new DirectoryInfo(ORGANIZATION, Fixtures.ACCESS_ROLE, GENERATED,
            Optional.empty());
    /** A deployed stack's configuration: a bucket (so alerts and the directory carry quick-create links). */
    public static final GuardConfig CONFIG = GuardConfig.from(Map.of(GuardConfig.ARTIFACT_BUCKET,
            Fixtures.ARTIFACT_BUCKET, GuardConfig.AWS_REGION, Fixtures.REGION));

    /** What the hostile names try: run script (setting {@code window.__pwned}), add markup, reorder the row. */
    public static final List<String> HOSTILE_NAMES = List.of(
            "<script>window.__pwned=1</script>",
            "\"><img src=x onerror=\"window.__pwned=1\">",
            "'; window.__pwned=1; //",
            "</td></tr><tr><td>forged row",
            "\u202Eoptin-gnilliB",
            "Evil\n[profile management]\nrole_arn = arn:aws:iam::999999999999:role/Evil",
            "<style>body{display:none}</style>",
            "<a href=\"https://example.com/steal\">click</a>");

    private static final String[] TOP_OUS = {"Workloads", "Sandbox", "Security"};
    private static final String[] ENVIRONMENTS = {"Prod", "Dev"};
    /** Mostly fine, as an organization is; every other status too. */
    private static final List<Outcome> STATUS_CYCLE = List.of(Outcome.ACCESS_VERIFIED, Outcome.ACCESS_VERIFIED,
            Outcome.ACCESS_VERIFIED, Outcome.ROLE_MISSING, Outcome.ACCESS_VERIFIED, Outcome.TRUST_MISMATCH,
            Outcome.ACCESS_VERIFIED, Outcome.ROLE_CREATED, Outcome.ROLE_INCOMPLETE, Outcome.ACCESS_VERIFIED,
            Outcome.TRUST_REPAIRED, Outcome.FAILED, Outcome.ROLE_CREATED_UNVERIFIED);

    private DirectoryFixture() {
    }

    /** {@code size} member accounts and the management account, the same every time. */
    public static List<DirectoryEntry> organization(int size) {
        var entries = new ArrayList<DirectoryEntry>(size + 1);
        for (int i = 0; i < size; i++) {
            String id = String.format("%012d", 200_000_000_000L + i * 7_919L);
            Outcome status = STATUS_CYCLE.get(i % STATUS_CYCLE.size());
            String name = i < HOSTILE_NAMES.size() ? HOSTILE_NAMES.get(i)
                    : i % 50 == 7 ? "Shared Services" // clashing names
                    : "Team " + (i % 97) + " " + ENVIRONMENTS[i % 2] + " " + i;
            List<String> ouPath = i % 20 == 0 ? List.of()
                    : i % 7 == 0 ? List.of(TOP_OUS[i % 3])
                    : List.of(TOP_OUS[i % 3], "Team " + (i % 10), ENVIRONMENTS[i % 2]);
            String email = "aws+" + (i < HOSTILE_NAMES.size() ? "hostile-" + i
                    : name.toLowerCase(Locale.ROOT).replace(' ', '-')) + "@example.com";
            entries.add(new DirectoryEntry(id, name, email, ouPath, i % 4 == 0 ? "CREATED" : "INVITED",
                    GENERATED.minus(Duration.ofDays(2000 - i % 2000)), status.name(),
                    GENERATED.minus(Duration.ofHours(i % 500)), RunMetrics.ENTERABLE.contains(status)));
        }
        entries.add(management());
        return entries;
    }

    /** The management account, as the directory lists it. */
    public static DirectoryEntry management() {
        return new DirectoryEntry(Fixtures.MANAGEMENT_ACCOUNT_ID, "Acme Management", "aws-root@example.com",
                List.of(), "CREATED", GENERATED.minus(Duration.ofDays(3000)), DirectoryEntry.MANAGEMENT,
                GENERATED.minus(Duration.ofDays(3000)), false);
    }

    /** What a deployed stack with a bucket tells the directory about {@code entries}: the alerts' fixes among it. */
    public static DirectoryInfo deployedInfo(List<DirectoryEntry> entries) {
        return DirectoryPublisher.info(ORGANIZATION, CONFIG, GENERATED,
                DirectoryPublisher.fixes(entries, ORGANIZATION, CONFIG, Optional.empty()));
    }
}
