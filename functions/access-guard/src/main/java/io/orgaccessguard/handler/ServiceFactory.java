package io.orgaccessguard.handler;

import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.aws.AwsMemberRoles;
import io.orgaccessguard.aws.AwsOrganizationDirectory;
import io.orgaccessguard.aws.DynamoStatusTable;
import io.orgaccessguard.aws.S3ArtifactStore;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.check.PropagationWait;
import io.orgaccessguard.core.check.RepairRights;
import io.orgaccessguard.core.port.ArtifactStore;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.core.run.RunSettings;
import io.orgaccessguard.notify.Notifier;
import io.orgaccessguard.notify.directory.DirectoryPublisher;
import java.time.Clock;
import java.util.Optional;

/** The one place the core's interfaces meet their AWS implementations; the handlers' no-arg constructors call it. */
public final class ServiceFactory {

    private ServiceFactory() {
    }

    public static AccessGuardService create(GuardConfig config, AwsClients clients) {
        var directory = new AwsOrganizationDirectory(clients.organizations());
        var roles = new AwsMemberRoles(clients.sts(), clients::iamFor);
        var accountCheck = new AccountCheck(directory, roles, config.accessRole(),
                new RepairRights(config.bootstrapRoleNames(), config.repairTrust()), config.region(),
                PropagationWait.of(config.rolePropagationWait()));
        var table = new DynamoStatusTable(clients::dynamoDb, config.statusTableName());
        Optional<ArtifactStore> artifacts = config.artifactBucket()
                .map(bucket -> new S3ArtifactStore(clients, bucket));
        return new AccessGuardService(directory, accountCheck, roles, table, table,
                new Notifier(clients::sns, config, artifacts), new DirectoryPublisher(artifacts, config),
                runSettings(config), Clock.systemUTC());
    }

    /** What the run may do, as the core's own values. */
    public static RunSettings runSettings(GuardConfig config) {
        return new RunSettings(config.accessRoleName(), config.maxConcurrency(), config.notifyOn(),
                config.reminderInterval(), config.rolePropagationWait(), config.reconcileLookback(), config.dryRun(),
                organization -> {
                    config.requireOrganization(organization.id());
                    config.requireVerifiable(organization.managementRootArn());
                });
    }

    /** As Lambda runs it: configuration from the environment (failing fast, naming the variable), default clients. */
    static AccessGuardService fromEnvironment() {
        GuardConfig config = GuardConfig.fromEnvironment();
        return create(config, AwsClients.fromEnvironment(config.s3ForcePathStyle()));
    }
}
