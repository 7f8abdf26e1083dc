package io.orgaccessguard.it.failures;

import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.faults.Faults;
import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.TestContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Credentials never appear in anything the function puts out. A full set of scenarios runs (every outcome, event and
 * manual paths, digests, failures of every kind, refused input) with the function's traffic relayed through a
 * recording proxy; then every secret access key and session token the emulator issued (read from the AssumeRole
 * answers on the wire, plus the credentials the test itself obtained) is looked for in every log line, response,
 * exception and published message, and in what the function wrote into AWS (role descriptions and tags, account tags).
 */
class SecretsTest {

    /** A leak of part of a secret counts: no run of this many characters of one may appear. */
    private static final int WINDOW = 16;
    private static final String WEAK_BOOTSTRAP = "777777777777";
    private static final String HALF_MADE = "777777777778";

    private final List<String> outputs = new ArrayList<>();

    private static OrganizationSeed organization() {
        return Accounts.organization()
                .account(Accounts.member(WEAK_BOOTSTRAP, "Weak Bootstrap").role(RoleSeed.builder(BOOTSTRAP_ROLE)
                        .trusting(MANAGEMENT_ROOT).inlinePolicy("read", PolicyDocuments.allow("*", "iam:GetRole"))
                        .build()).build())
                .account(Accounts.member(HALF_MADE, "Half Made\nName <b>")
                        .role(RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT).build())
                        .role(Accounts.bootstrapRole(HALF_MADE)).build())
                .externalAccount(AccountSeed.builder(AccountsNotToActOnTest.EXTERNAL)
                        .role(Accounts.accessRole()).build())
                .build();
    }

    /** Runs one invocation, keeping its response or its exception, and its log. */
    private void run(String label, Function<TestContext, Report> invocation) {
        var context = new TestContext();
        try {
            Report report = invocation.apply(context);
            outputs.add(label + " response: " + Json.write(report.json()));
        } catch (RuntimeException e) {
            var trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            outputs.add(label + " exception: " + e + "\n" + trace);
        }
        outputs.add(label + " log: " + context.log());
    }

    private void event(Guard guard, String label, String event) {
        run(label, context -> guard.joinEvent(event, context));
    }

    private void manual(Guard guard, String label, String request) {
        run(label, context -> guard.manual(request, context));
    }

    private void scenarios(Guard guard) {
        // Every outcome, through both handlers.
        event(guard, "created", EventFiles.accountJoined(WITH_BOOTSTRAP_ONLY));
        event(guard, "verified", EventFiles.accountJoined(WITH_ACCESS_ROLE));
        event(guard, "missing", EventFiles.accountJoined(WITH_NOTHING));
        event(guard, "mismatch", EventFiles.accountJoined(WITH_FOREIGN_TRUST));
        event(guard, "skipped", EventFiles.accountJoined(Accounts.SUSPENDED));
        event(guard, "external", EventFiles.accountJoined(AccountsNotToActOnTest.EXTERNAL));
        event(guard, "reconcile", EventFiles.read("account-joined-unknown-shape.json"));
        manual(guard, "completed", "{\"accountIds\": [\"" + HALF_MADE + "\"]}");
        manual(guard, "each", "{\"accountIds\": [\"" + WITH_ACCESS_ROLE + "\", \"" + WITH_NOTHING + "\", \""
                + WITH_FOREIGN_TRUST + "\"], \"notify\": \"each\"}");
        manual(guard, "dry run", "{\"all\": true, \"dryRun\": true, \"notify\": \"digest\"}");
        manual(guard, "digest", "{\"all\": true}");
        manual(guard, "cut short", "{\"all\": true, \"notify\": \"none\"}");
        // Failures: an AWS error in every place it can surface, with its message.
        event(guard, "weak bootstrap", EventFiles.accountJoined(WEAK_BOOTSTRAP));
        manual(guard, "weak bootstrap manual", "{\"accountIds\": [\"" + WEAK_BOOTSTRAP + "\"]}");
        guard.aws().faults().failNext("sts", "AssumeRole", 1, "RegionDisabledException", 403,
                "STS is not activated in this region for account:111111111111.");
        event(guard, "sts down", EventFiles.accountJoined(WITH_ACCESS_ROLE));
        guard.aws().faults().clearScripted();
        guard.aws().faults().failNext("organizations", "DescribeAccount", 1, "AccessDeniedException", 400,
                "You don't have permissions to access this resource.");
        manual(guard, "organizations down", "{\"accountIds\": [\"" + WITH_NOTHING + "\"]}");
        guard.aws().faults().clearScripted();
        guard.aws().faults().failNext("sns", "Publish", 1, "AuthorizationError", 403);
        manual(guard, "sns refuses", "{\"accountIds\": [\"" + WEAK_BOOTSTRAP + "\"], \"dryRun\": true}");
        guard.aws().faults().clearScripted();
        guard.aws().faults().dropNext("iam", Faults.ANY_ACTION, 40);
        event(guard, "iam dropped", EventFiles.accountJoined(WEAK_BOOTSTRAP));
        guard.aws().faults().clearScripted();
        // Refused input.
        manual(guard, "not json", "{\"accountIds\": ");
        manual(guard, "bad id", "{\"accountIds\": [\"12345\"]}");
        manual(guard, "unknown field", "{\"roleArn\": \"arn:aws:iam::999999999998:role/X\"}");
        event(guard, "not a join", "{\"source\": \"aws.iam\"}");
    }

    @Test
    void fullScenarioSet_noSecretKeyOrSessionTokenAppearsInAnyOutput() {
        var secrets = new LinkedHashSet<String>();
        try (RecordingProxy proxy = RecordingProxy.start();
             Guard guard = Guard.start(organization(), EmulatorOptions.builder().seed(11)
                     .propagationDelay(Duration.ofMillis(300)).build(),
                     Map.of(GuardConfig.NOTIFY_ON, "all", GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "2"),
                     proxy::route)) {
            scenarios(guard);

            long assumed = guard.aws().calls().stream()
                    .filter(call -> call.action().equals("AssumeRole") && call.succeeded()).count();
            assertThat(proxy.issuedSecretAccessKeys()).as("every AssumeRole answer was captured")
                    .hasSize((int) assumed).hasSizeGreaterThan(10);
            assertThat(proxy.issuedSessionTokens()).hasSize((int) assumed);
            secrets.addAll(proxy.issuedSecretAccessKeys());
            secrets.addAll(proxy.issuedSessionTokens());
            AwsCredentials function = guard.functionCredentials();
            secrets.add(function.secretAccessKey());
            secrets.add(function.sessionToken().orElseThrow());
            for (String account : List.of(Fixtures.MANAGEMENT_ACCOUNT_ID, WITH_ACCESS_ROLE, WITH_BOOTSTRAP_ONLY,
                    WITH_NOTHING, WITH_FOREIGN_TRUST, Accounts.SUSPENDED, WEAK_BOOTSTRAP, HALF_MADE,
                    AccountsNotToActOnTest.EXTERNAL)) {
                secrets.add(guard.aws().credentialsFor(account).secretAccessKey());
            }

            for (PublishedMessage message : guard.aws().publishedMessages()) {
                outputs.add("message " + message.subject() + "\n" + message.message() + "\n" + message.attributes());
            }
            for (String account : List.of(WITH_BOOTSTRAP_ONLY, HALF_MADE)) {
                guard.aws().role(account, ACCESS_ROLE).ifPresent(role -> outputs.add("role " + role.description()
                        + " " + role.tags() + " " + role.trustPolicy()));
            }
            for (String account : List.of(WITH_ACCESS_ROLE, WITH_BOOTSTRAP_ONLY, WITH_NOTHING, WITH_FOREIGN_TRUST,
                    HALF_MADE)) {
                outputs.add("status " + guard.status(account));
            }
            // What the function sent AWS (the emulator keeps no credentials in it; parameters are the function's).
            for (CallRecord call : guard.aws().calls()) {
                outputs.add("call " + call.action() + " " + call.parameters());
            }
            assertThat(guard.aws().publishedMessages()).hasSizeGreaterThan(5);
            assertThat(String.join("\n", outputs)).contains("ROLE_CREATED", "ROLE_COMPLETED", "ROLE_MISSING",
                    "TRUST_MISMATCH", "ACCESS_VERIFIED", "SKIPPED", "FAILED", "WOULD_CREATE", "InvalidRequestException",
                    "JoinNotHandledException", "AuthorizationError", "iam:CreateRole failed: AccessDenied");
        }

        assertThat(secrets).hasSizeGreaterThan(20).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(30));
        Set<String> windows = new HashSet<>();
        for (String secret : secrets) {
            for (int i = 0; i + WINDOW <= secret.length(); i++) {
                windows.add(secret.substring(i, i + WINDOW));
            }
        }
        String token = secrets.stream().filter(secret -> secret.startsWith("FwoG")).findFirst().orElseThrow();
        assertThat(firstLeak(List.of("a reason ending in ..." + token.substring(40, 60) + "..."), windows))
                .as("the scan finds even part of a token").isPresent();
        assertThat(firstLeak(outputs, windows)).isEmpty();
    }

    /** The first output holding {@link #WINDOW} consecutive characters of a secret, with the characters found. */
    private static Optional<String> firstLeak(List<String> outputs, Set<String> windows) {
        for (String output : outputs) {
            for (int i = 0; i + WINDOW <= output.length(); i++) {
                String window = output.substring(i, i + WINDOW);
                if (windows.contains(window)) {
                    return Optional.of("'" + window + "' in: "
                            + output.substring(0, Math.min(200, output.length())));
                }
            }
        }
        return Optional.empty();
    }
}
