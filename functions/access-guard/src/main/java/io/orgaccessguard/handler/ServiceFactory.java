package io.orgaccessguard.handler;

import io.orgaccessguard.aws.AccountStatusTags;
import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.aws.MemberIam;
import io.orgaccessguard.aws.OrganizationDirectory;
import io.orgaccessguard.aws.RoleSessions;
import io.orgaccessguard.check.AccessGuardService;
import io.orgaccessguard.check.AccountCheck;
import io.orgaccessguard.check.PropagationWait;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.notify.Notifier;
import java.time.Clock;

/** Wires the service from its configuration and clients; the handlers' no-arg constructors call it once. */
public final class ServiceFactory {

    private ServiceFactory() {
    }

    public static AccessGuardService create(GuardConfig config, AwsClients clients) {
        var directory = new OrganizationDirectory(clients.organizations());
        var accountCheck = new AccountCheck(directory, new RoleSessions(clients.sts()),
                session -> new MemberIam(clients.iamFor(session)), config,
                PropagationWait.of(config.rolePropagationWait()));
        return new AccessGuardService(directory, accountCheck, new AccountStatusTags(clients.organizations()),
                new Notifier(clients::sns, config), config, Clock.systemUTC());
    }

    /**
     * As Lambda runs it: configuration from the environment (failing fast, naming the variable), default clients, and,
     * when Lambda initialises for a SnapStart snapshot, the priming of both run before the snapshot.
     */
    static AccessGuardService fromEnvironment() {
        GuardConfig config = GuardConfig.fromEnvironment();
        AwsClients clients = AwsClients.fromEnvironment();
        SnapStartPriming.registerIfSnapStart(config, clients);
        return create(config, clients);
    }
}
