package io.orgaccessguard.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static io.orgaccessguard.it.support.OutsideTool.AWS_CLI;

import io.orgaccessguard.it.support.Command;
import io.orgaccessguard.it.support.Command.Result;
import io.orgaccessguard.it.support.DirectoryFixture;
import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.notify.CliProfile;
import io.orgaccessguard.notify.directory.AwsConfigFile;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import io.orgaccessguard.notify.directory.DirectoryInfo;
import io.orgaccessguard.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-line install of the directory's {@code aws-config} ({@link AwsConfigFile#installCommand}) run by POSIX
 * {@code sh} on a person's own {@code ~/.aws/config}, and the result read by the real AWS CLI
 * ({@code aws configure get}): installing twice changes nothing, an account that left
 * loses its profile, a new one gains it, and the person's own profiles, comments and order stay as they were.
 *
 * <p>The file format is the CLI's ("Configuration and credential file settings",
 * https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html): in {@code config}, a named profile is a
 * {@code [profile name]} section (the default one {@code [default]}), lines of {@code setting = value}, and lines
 * starting with {@code #} are comments; {@code AWS_CONFIG_FILE} names the file to read instead of
 * {@code ~/.aws/config} (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-envvars.html). A role profile
 * has {@code role_arn} and {@code source_profile}
 * (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html).
 */
@OutsideTool.Required(AWS_CLI)
class ProfileInstallTest {

    /** The person's own file: a default profile, their management profile, one of their own, and comments. */
    static final String OWN = """
            # my own settings
            [default]
            region = eu-central-1

            [profile management]
            region = us-east-1
            credential_process = /usr/local/bin/my-sso-helper

            [profile my-sandbox]
            role_arn = arn:aws:iam::123456789012:role/Mine
            source_profile = management
            """;

    @TempDir
    Path home;
    Path config;

    @BeforeEach
    void ownConfig() throws IOException {
        config = home.resolve(".aws").resolve("config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, OWN);
    }

    @Test
    void install_addsTheBlock_theCliReadsIt_andTheOwnProfilesStay() throws IOException {
        List<DirectoryEntry> organization = organization(List.of("Payments Prod", "Data Lake", "Shared"));

        Result installed = install(block(organization));

        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        assertThat(installed.stdout()).contains("3 profiles of org-access-guard " + Fixtures.ORGANIZATION_ID + " installed in "
                + config);
        String file = Files.readString(config);
        assertThat(file).startsWith(OWN + "\n" + AwsConfigFile.beginLine(DirectoryFixture.ORGANIZATION) + "\n")
                .endsWith(AwsConfigFile.endLine(DirectoryFixture.ORGANIZATION) + "\n");
        assertThat(get("role_arn", "payments-prod")).isEqualTo(DirectoryFixture.ORGANIZATION.roleArn(
                organization.get(0).accountId(), Fixtures.ACCESS_ROLE));
        assertThat(get("source_profile", "data-lake")).isEqualTo(CliProfile.SOURCE_PROFILE);
        assertThat(get("region", "shared")).isEqualTo("eu-west-1");
        assertThat(get("region", "my-sandbox")).isEmpty();
        assertThat(get("role_arn", "my-sandbox")).isEqualTo("arn:aws:iam::123456789012:role/Mine");
        assertThat(get("credential_process", "management")).isEqualTo("/usr/local/bin/my-sso-helper");
        assertThat(get("region", "default")).isEqualTo("eu-central-1");
        // (not `aws configure list`: it resolves the credentials, here through the person's credential_process)
    }

    @Test
    void installingTwice_changesNothing() throws IOException {
        String block = block(organization(List.of("Payments Prod", "Data Lake")));
        install(block);
        byte[] once = Files.readAllBytes(config);

        Result again = install(block);

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(Files.readAllBytes(config)).isEqualTo(once);
    }

    @Test
    void aNewerBlock_replacesTheOld_soAnAccountThatLeftLosesItsProfile() throws IOException {
        List<DirectoryEntry> before = organization(List.of("Payments Prod", "Data Lake", "Old Analytics"));
        install(block(before));
        assertThat(get("role_arn", "old-analytics")).isNotEmpty();
        // the person adds a profile of their own after the block
        Files.writeString(config, Files.readString(config) + "\n[profile after-the-block]\nregion = ap-south-1\n");

        List<DirectoryEntry> after = new ArrayList<>(before.subList(0, 2));
        after.add(entry(9, "New Team"));
        Result installed = install(block(after));

        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        Result gone = cli("configure", "get", "role_arn", "--profile", "old-analytics");
        assertThat(gone.stdout()).isBlank();
        assertThat(gone.exitCode()).isNotZero();
        assertThat(get("role_arn", "new-team")).isEqualTo(DirectoryFixture.ORGANIZATION.roleArn(
                after.get(2).accountId(), Fixtures.ACCESS_ROLE));
        assertThat(get("role_arn", "payments-prod")).isNotEmpty();
        assertThat(get("region", "after-the-block")).isEqualTo("ap-south-1");
        String file = Files.readString(config);
        assertThat(file).startsWith(OWN).contains("[profile after-the-block]\nregion = ap-south-1\n")
                .doesNotContain("Old Analytics");
        assertThat(file.split(AwsConfigFile.beginLine(DirectoryFixture.ORGANIZATION), -1)).hasSize(2);
    }

    @Test
    void theOneLine_fetchesTheBlockWithTheCli_andInstallsIt() throws IOException {
        Path block = Files.writeString(home.resolve("aws-config"), block(organization(List.of("Payments Prod"))));
        // `aws s3 cp` answered from the file; every other command is the real CLI
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path shim = Files.writeString(bin.resolve("aws"), "#!/bin/sh\nif [ \"$1\" = s3 ] && [ \"$2\" = cp ]; then"
                + " [ \"$3\" = s3://" + Fixtures.ARTIFACT_BUCKET + "/aws-config ] && [ \"$4\" = - ] && cat '" + block
                + "'; exit $?; fi\nexec " + AWS_CLI.found().command().stream().map(word -> "'" + word + "'")
                .collect(Collectors.joining(" ")) + " \"$@\"\n");
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));

        Result installed = run(environment(Map.of("PATH", bin + ":" + System.getenv("PATH"))), Optional.empty(),
                "sh", "-c", AwsConfigFile.installCommand(Fixtures.ARTIFACT_BUCKET));

        assertThat(installed.exitCode()).as(installed.toString()).isZero();
        assertThat(AwsConfigFile.installCommand(Fixtures.ARTIFACT_BUCKET)).doesNotContain("\n")
                .startsWith("aws s3 cp s3://" + Fixtures.ARTIFACT_BUCKET + "/aws-config - --profile management | sh -c ");
        assertThat(get("role_arn", "payments-prod")).isNotEmpty();
    }

    @Test
    void aBlockWithoutMarkers_likeAManualRequestsProfiles_isRefused_andTheFileStays() throws IOException {
        List<DirectoryEntry> some = organization(List.of("Payments Prod"));
        String partial = AwsConfigFile.profiles(DirectoryFixture.INFO, some);
        assertThat(partial).doesNotContain("# BEGIN", "# END");

        Result refused = install(partial);
        Result cut = install(block(some).replace(AwsConfigFile.endLine(DirectoryFixture.ORGANIZATION) + "\n", ""));

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("not an org-access-guard profile block");
        assertThat(cut.exitCode()).isNotZero();
        assertThat(cut.stderr()).contains("cut short");
        assertThat(Files.readString(config)).isEqualTo(OWN);
    }

    @Test
    void aConfigWhoseBlockLostItsEndLine_isLeftAlone() throws IOException {
        String block = block(organization(List.of("Payments Prod")));
        Files.writeString(config, OWN + AwsConfigFile.beginLine(DirectoryFixture.ORGANIZATION) + "\n[profile mine]\n");

        Result refused = install(block);

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("but not '" + AwsConfigFile.endLine(DirectoryFixture.ORGANIZATION));
        assertThat(Files.readString(config)).endsWith("[profile mine]\n");
    }

    private static List<DirectoryEntry> organization(List<String> names) {
        var entries = new ArrayList<DirectoryEntry>();
        for (int i = 0; i < names.size(); i++) {
            entries.add(entry(i, names.get(i)));
        }
        entries.add(new DirectoryEntry("200000000999", "Locked Out", "", List.of(), "CREATED",
                Instant.parse("2024-01-01T00:00:00Z"), "ROLE_MISSING", DirectoryFixture.GENERATED, false));
        entries.add(DirectoryFixture.management());
        return entries;
    }

    private static DirectoryEntry entry(int i, String name) {
        return new DirectoryEntry(String.format("%012d", 200_000_000_000L + i * 7_919L), name, "", List.of("Workloads"),
                "INVITED", Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(i)), "ACCESS_VERIFIED",
                DirectoryFixture.GENERATED, true);
    }

    private static String block(List<DirectoryEntry> entries) {
        var info = new DirectoryInfo(DirectoryFixture.ORGANIZATION, Fixtures.ACCESS_ROLE, DirectoryFixture.GENERATED,
                Optional.of("eu-west-1"));
        return AwsConfigFile.render(info, entries);
    }

    private Result install(String block) {
        return run(environment(Map.of()), Optional.of(block), "sh", "-c", AwsConfigFile.INSTALL);
    }

    /** A setting as the CLI reads it from the installed file; empty when unset. */
    private String get(String setting, String profile) {
        return cli("configure", "get", setting, "--profile", profile).stdout().strip();
    }

    private Result cli(String... arguments) {
        return Command.run(AWS_CLI.found().with(arguments), environment(Map.of()), Optional.empty());
    }

    /** HOME is the temporary one, and no AWS_* of the machine: the file read is {@code $HOME/.aws/config}. */
    private Map<String, String> environment(Map<String, String> more) {
        var env = new HashMap<String, String>();
        env.put("HOME", home.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("no-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.putAll(more);
        return env;
    }

    private static Result run(Map<String, String> env, Optional<String> stdin, String... command) {
        return Command.run(List.of(command), env, stdin);
    }
}
