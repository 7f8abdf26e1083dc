package io.orgaccessguard.handler;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.notify.directory.AwsConfigFile;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import io.orgaccessguard.notify.directory.DirectoryPublisher;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ~/.aws/config} profiles a manual request asks for ({@code "profiles": true}): one per account it checked
 * that the management account can enter, as the access directory's {@code aws-config} names them.
 */
final class ProfileBlock {

    private ProfileBlock() {
    }

    /** Empty when the run did not get as far as the organization (nothing was checked). */
    static Optional<String> of(RunReport report, GuardConfig config, Instant now) {
        return report.organization().map(organization -> {
            List<DirectoryEntry> enterable = report.results().stream()
                    .filter(result -> RunMetrics.ENTERABLE.contains(result.outcome()))
                    .map(result -> entry(result, now)).toList();
            return AwsConfigFile.profiles(DirectoryPublisher.info(organization, config, now, Map.of()), enterable);
        });
    }

    private static DirectoryEntry entry(AccountResult result, Instant now) {
        return new DirectoryEntry(result.accountId(), result.accountName(), List.of(), result.joinedMethod(),
                result.outcome().name(), now, true);
    }
}
