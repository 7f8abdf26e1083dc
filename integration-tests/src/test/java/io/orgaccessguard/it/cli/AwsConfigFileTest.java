package io.orgaccessguard.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static io.orgaccessguard.it.support.OutsideTool.AWS_CLI;
import static io.orgaccessguard.it.support.OutsideTool.AWS_CLI_WITH_ENDPOINT_URL;

import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.emulator.AwsCredentials;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.it.support.Command;
import io.orgaccessguard.it.support.Command.Result;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.DirectoryFixture;
import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.CliProfile;
import io.orgaccessguard.notify.directory.AwsConfigFile;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import io.orgaccessguard.notify.directory.DirectoryInfo;
import io.orgaccessguard.notify.directory.ProfileNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory's {@code aws-config} as the AWS CLI reads it: {@code aws configure list-profiles} finds one profile
 * per enterable account (and the reader's own {@code management} profile), and a profile used as printed reaches its
 * account: {@code aws sts get-caller-identity --profile <name>} against the wire-level emulator assumes the access
 * role with the management account's credentials ({@code source_profile}) and answers as the role's session.
 *
 * <p>The files are the CLI's own: {@code AWS_CONFIG_FILE} and {@code AWS_SHARED_CREDENTIALS_FILE}, and
 * {@code AWS_ENDPOINT_URL} sends every service to the emulator
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html).
 *
 * <p>The CLI is the {@code aws} on PATH ({@link OutsideTool}: skipped without it, failed under CI): reading the file,
 * any version; reaching the emulator, one that honours {@code AWS_ENDPOINT_URL} for the requests it makes for a
 * profile's credentials too (1.29+ or 2.13+). {@code aws configure list-profiles} exists in version 2 only
 * (https://docs.aws.amazon.com/cli/latest/reference/configure/list-profiles.html; version 1's {@code configure} has
 * {@code add-model}, {@code get}, {@code list} and {@code set}:
 * https://docs.aws.amazon.com/cli/v1/reference/configure/):
 * with version 1 the test reads a sample of profiles through {@code aws configure get}
 * (https://docs.aws.amazon.com/cli/latest/reference/configure/get.html) instead of the whole list. Both versions
 * refuse a profile the files do not have, with exit status 255 and "The config profile (name) could not be found"
 * (seen with 1.45.11 and 2.9.19).
 */
class AwsConfigFileTest {

    @TempDir
    Path home;

    @Test
    @OutsideTool.Required(AWS_CLI)
    void theCli_findsOneProfilePerEnterableAccount_andTheManagementProfile_andNoOther() throws IOException {
        List<DirectoryEntry> organization = DirectoryFixture.organization(1_000);
        Path config = write("aws-config", AwsConfigFile.render(DirectoryFixture.INFO, organization));
        Path credentials = write("credentials", "[management]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\n"
                + "aws_secret_access_key = example\n");
        Map<String, String> env = cliEnvironment(config, credentials, Optional.empty());
        Map<String, String> profiles = ProfileNames.assign(organization);
        List<String> enterable = organization.stream().filter(DirectoryEntry::enterable)
                .map(DirectoryEntry::accountId).toList();

        if (AWS_CLI.found().version().startsWith("aws-cli/1.")) {
            System.out.println("[aws-config] " + AWS_CLI.found().version() + ": no list-profiles in version 1");
        } else {
            Result result = cli(AWS_CLI, env, "configure", "list-profiles");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            List<String> listed = result.stdout().lines().toList();
            Set<String> expected = new HashSet<>(profiles.values());
            expected.add(CliProfile.SOURCE_PROFILE);
            assertThat(listed).doesNotHaveDuplicates();
            assertThat(Set.copyOf(listed)).isEqualTo(expected);
            assertThat(listed).hasSize(enterable.size() + 1);
        }

        // In both versions, a sample read back as the CLI reads it: hostile names and a clashing one, the first and
        // the last account, and the management profile of the credentials file
        List<String> sample = new ArrayList<>(organization.stream().filter(DirectoryEntry::enterable)
                .filter(entry -> entry.name().startsWith("<script") || entry.name().equals("Shared Services"))
                .limit(3).map(DirectoryEntry::accountId).toList());
        assertThat(sample).hasSize(3);
        sample.add(enterable.getFirst());
        sample.add(enterable.getLast());
        for (String accountId : sample) {
            String profile = profiles.get(accountId);
            assertThat(cli(AWS_CLI, env, "configure", "get", "role_arn", "--profile", profile).stdout().strip())
                    .as("role_arn of %s", profile)
                    .isEqualTo(DirectoryFixture.ORGANIZATION.roleArn(accountId, Fixtures.ACCESS_ROLE));
            assertThat(cli(AWS_CLI, env, "configure", "get", "source_profile", "--profile", profile).stdout().strip())
                    .as("source_profile of %s", profile).isEqualTo(CliProfile.SOURCE_PROFILE);
        }
        assertThat(cli(AWS_CLI, env, "configure", "get", "aws_access_key_id", "--profile", CliProfile.SOURCE_PROFILE)
                .stdout().strip()).isEqualTo("AKIAEXAMPLEEXAMPLE01");
        // and an account that cannot be entered has no profile: the CLI refuses the name it would have had
        String none = organization.stream().filter(entry -> !entry.enterable())
                .map(entry -> CliProfile.name(entry.name(), entry.accountId()))
                .filter(name -> !profiles.containsValue(name)).findFirst().orElseThrow();
        Result refused = cli(AWS_CLI, env, "configure", "get", "role_arn", "--profile", none);
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(255);
        assertThat(refused.stderr()).contains("The config profile (" + none + ") could not be found");
    }

    @Test
    @OutsideTool.Required(AWS_CLI_WITH_ENDPOINT_URL)
    void aProfile_reachesItsAccount_throughTheAccessRole() throws IOException {
        try (AwsEmulator aws = AwsEmulator.start(Accounts.organization().build())) {
            var info = new DirectoryInfo(DirectoryFixture.ORGANIZATION, Fixtures.ACCESS_ROLE, Instant.now(),
                    Optional.of(aws.region()));
            var member = new DirectoryEntry(Accounts.WITH_ACCESS_ROLE, "Payments Prod", List.of("Workloads"),
                    "INVITED", "ACCESS_VERIFIED", DirectoryFixture.GENERATED, true);
            var bare = new DirectoryEntry(Accounts.WITH_NOTHING, "Marketing Sandbox", List.of(), "INVITED",
                    "ROLE_MISSING", DirectoryFixture.GENERATED, false);
            Path config = write("aws-config", AwsConfigFile.render(info, List.of(member, bare)));
            AwsCredentials admin = aws.credentialsFor(Fixtures.MANAGEMENT_ACCOUNT_ID);
            Path credentials = write("credentials", "[" + CliProfile.SOURCE_PROFILE + "]\n"
                    + "aws_access_key_id = " + admin.accessKeyId() + "\n"
                    + "aws_secret_access_key = " + admin.secretAccessKey() + "\n");
            Map<String, String> env = cliEnvironment(config, credentials, Optional.of(aws.endpoint().toString()));

            Result result = cli(AWS_CLI_WITH_ENDPOINT_URL, env, "sts", "get-caller-identity",
                    "--profile", "payments-prod",
                    "--output", "json");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            @SuppressWarnings("unchecked")
            Map<String, Object> identity = (Map<String, Object>) Json.parse(result.stdout());
            assertThat(identity).containsEntry("Account", Accounts.WITH_ACCESS_ROLE);
            assertThat((String) identity.get("Arn")).startsWith("arn:aws:sts::" + Accounts.WITH_ACCESS_ROLE
                    + ":assumed-role/" + Fixtures.ACCESS_ROLE + "/");
            List<CallRecord> assumed = aws.calls().stream()
                    .filter(call -> call.action().equals("AssumeRole") && call.succeeded()).toList();
            assertThat(assumed).singleElement().satisfies(call -> {
                assertThat(call.callerAccount()).isEqualTo(Fixtures.MANAGEMENT_ACCOUNT_ID);
                assertThat(call.targetAccount()).isEqualTo(Accounts.WITH_ACCESS_ROLE);
            });
            // the account without access has no profile to use
            Result missing = cli(AWS_CLI_WITH_ENDPOINT_URL, env, "sts", "get-caller-identity",
                    "--profile", "marketing-sandbox");
            assertThat(missing.exitCode()).isNotZero();
            assertThat(missing.stderr()).contains("marketing-sandbox");
        }
    }

    /** Only these files and this endpoint: nothing of the machine's own AWS configuration. */
    private Map<String, String> cliEnvironment(Path config, Path credentials, Optional<String> endpoint) {
        var env = new java.util.HashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        endpoint.ifPresent(url -> env.put("AWS_ENDPOINT_URL", url));
        return env;
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(home.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Runs the CLI with these arguments, in this environment only (nothing of the machine's AWS_ variables). */
    private static Result cli(OutsideTool cli, Map<String, String> env, String... arguments) {
        return Command.run(cli.found().with(arguments), env, Optional.empty());
    }
}
