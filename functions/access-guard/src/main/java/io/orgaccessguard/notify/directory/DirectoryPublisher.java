package io.orgaccessguard.notify.directory;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.notify.AccountFix;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link AccessDirectory} in the artifact bucket: {@code access-directory.html}, {@code aws-config},
 * {@code aws-extend-switch-roles.ini} and {@code accounts.json}, all replaced after each full run (the bucket's
 * versioning keeps the earlier ones), none under {@code member-templates/}.
 */
public final class DirectoryPublisher implements AccessDirectory {

    /** What an account with nothing on record shows: never checked to the end (its checks failed, say). */
    static final String NOT_RECORDED = "NOT_RECORDED";

    private final Optional<ArtifactStore> store;
    private final GuardConfig config;

    /** @param store the artifact bucket; empty when none is configured (no directory) */
    public DirectoryPublisher(Optional<ArtifactStore> store, GuardConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public boolean enabled() {
        return store.isPresent();
    }

    @Override
    public void publish(Organization organization, List<MemberAccount> accounts, Map<String, StatusRecord> statuses,
                        Instant generatedAt) {
        if (store.isEmpty()) {
            return;
        }
        List<DirectoryEntry> entries = accounts.stream().map(account -> account.id()
                .equals(organization.managementAccountId()) ? management(account, generatedAt)
                : entry(account, Optional.ofNullable(statuses.get(account.id())), generatedAt)).toList();
        DirectoryInfo info = info(organization, config, generatedAt, fixes(entries, organization, config, store));
        ArtifactStore bucket = store.get();
        bucket.put(AwsConfigFile.OBJECT_KEY, bytes(AwsConfigFile.render(info, entries)), "text/plain; charset=utf-8");
        bucket.put(SwitchRolesConfig.OBJECT_KEY, bytes(SwitchRolesConfig.render(info, entries)),
                "text/plain; charset=utf-8");
        bucket.put(AccountsJson.OBJECT_KEY, bytes(AccountsJson.render(info, entries)), "application/json");
        bucket.put(AccessDirectoryPage.OBJECT_KEY, bytes(AccessDirectoryPage.render(info, entries)),
                "text/html; charset=utf-8");
    }

    /**
     * What the directory is about, as configured: the profiles' Region ({@code PROFILE_REGION}, or the function's
     * own, as the CLI takes no Region from a source profile) and names ({@code PROFILE_NAME_TEMPLATE}).
     */
    public static DirectoryInfo info(Organization organization, GuardConfig config, Instant generatedAt,
                                     Map<String, AccountFix> fixes) {
        return new DirectoryInfo(organization, config.accessRoleName(), generatedAt,
                Optional.of(config.profileRegion().orElse(config.region())),
                new ProfileNameTemplate(config.profileNameTemplate()), config.artifactBucket(), fixes);
    }

    /**
     * By status, what the alert of each status among {@code entries} offers to fix it; the member templates are put
     * into {@code store} first when a link needs them, as before an alert.
     */
    public static Map<String, AccountFix> fixes(List<DirectoryEntry> entries, Organization organization,
                                                GuardConfig config, Optional<ArtifactStore> store) {
        var fixes = new HashMap<String, AccountFix>();
        entries.stream().filter(entry -> !entry.enterable() && !entry.management()).map(DirectoryEntry::status)
                .distinct().forEach(status -> outcome(status)
                        .flatMap(outcome -> AccountFix.of(outcome, organization, config, store))
                        .ifPresent(fix -> fixes.put(status, fix)));
        return fixes;
    }

    /** The outcome whose fix a status calls for: an account never checked to the end is treated as FAILED. */
    private static Optional<Outcome> outcome(String status) {
        if (status.equals(NOT_RECORDED)) {
            return Optional.of(Outcome.FAILED);
        }
        return Arrays.stream(Outcome.values()).filter(outcome -> outcome.name().equals(status)).findFirst();
    }

    static DirectoryEntry entry(MemberAccount account, Optional<StatusRecord> recorded, Instant generatedAt) {
        String status = recorded.map(StatusRecord::status).orElse(NOT_RECORDED);
        return new DirectoryEntry(account.id(), account.name(), account.email(), account.ouPath(),
                account.joinedMethod(), account.joinedAt(), status, recorded.map(StatusRecord::since)
                .orElse(generatedAt), enterable(status));
    }

    /** The management account as itself: listed, with no role to assume and no profile. */
    static DirectoryEntry management(MemberAccount account, Instant generatedAt) {
        return new DirectoryEntry(account.id(), account.name(), account.email(), account.ouPath(),
                account.joinedMethod(), account.joinedAt(), DirectoryEntry.MANAGEMENT,
                account.joinedAt() == null ? generatedAt : account.joinedAt(), false);
    }

    /** Whether the management account can enter an account of this status through the access role. */
    static boolean enterable(String status) {
        return Arrays.stream(Outcome.values()).filter(outcome -> outcome.name().equals(status)).findFirst()
                .map(RunMetrics.ENTERABLE::contains).orElse(false);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
