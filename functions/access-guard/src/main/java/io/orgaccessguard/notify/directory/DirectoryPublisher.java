package io.orgaccessguard.notify.directory;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.metrics.RunMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link AccessDirectory} in the artifact bucket: {@code access-directory.html} and {@code aws-config}, both
 * replaced after each full run (the bucket's versioning keeps the earlier ones).
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
        List<DirectoryEntry> entries = accounts.stream().map(account -> entry(account,
                Optional.ofNullable(statuses.get(account.id())), generatedAt)).toList();
        // The profiles set the function's Region: the CLI takes no Region from a source profile.
        var info = new DirectoryInfo(organization, config.accessRoleName(), generatedAt, Optional.of(config.region()));
        store.get().put(AwsConfigFile.OBJECT_KEY, AwsConfigFile.render(info, entries)
                .getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        store.get().put(AccessDirectoryPage.OBJECT_KEY, AccessDirectoryPage.render(info, entries)
                .getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    static DirectoryEntry entry(MemberAccount account, Optional<StatusRecord> recorded, Instant generatedAt) {
        String status = recorded.map(StatusRecord::status).orElse(NOT_RECORDED);
        return new DirectoryEntry(account.id(), account.name(), account.ouPath(), account.joinedMethod(), status,
                recorded.map(StatusRecord::since).orElse(generatedAt), enterable(status));
    }

    /** Whether the management account can enter an account of this status through the access role. */
    static boolean enterable(String status) {
        return Arrays.stream(Outcome.values()).filter(outcome -> outcome.name().equals(status)).findFirst()
                .map(RunMetrics.ENTERABLE::contains).orElse(false);
    }
}
