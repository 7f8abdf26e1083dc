package io.orgaccessguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.it.support.OutsideTool.Found;
import io.orgaccessguard.it.support.OutsideTool.Lookup;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;

/**
 * How {@link OutsideTool} finds a tool and what a test that needs one does without it, on stand-ins: folders holding
 * small shell scripts named {@code python3}, {@code aws} or {@code cfn-lint}, which answer as the real ones do (an
 * import error on stderr and exit 1, or a version on stdout), on a PATH made for each test.
 */
class OutsideToolTest {

    @TempDir
    Path dir;

    @Test
    void python_theFirstOnPathThatImportsTheLibrary_isUsed() throws IOException {
        Path without = script("debian/python3", "echo \"ModuleNotFoundError: No module named 'moto'\" >&2; exit 1");
        Path with = script("venv/python3", "echo 5.2.1");

        Lookup lookup = OutsideTool.MOTO.find(Map.of("PATH", path(without, with)));

        assertThat(lookup.found()).contains(new Found(List.of(with.toString()), "5.2.1"));
        assertThat(lookup.tried()).containsExactly(without + ": ModuleNotFoundError: No module named 'moto'");
    }

    @Test
    void python_theInterpreterItsVariableNames_comesBeforePath() throws IOException {
        Path onPath = script("venv/python3", "echo 5.2.1");
        Path named = script("elsewhere/python", "echo 5.2.0");

        Lookup lookup = OutsideTool.MOTO.find(Map.of("PATH", path(onPath), "MOTO_PYTHON", named.toString()));

        assertThat(lookup.found()).contains(new Found(List.of(named.toString()), "5.2.0"));
    }

    @Test
    void python_theSameFileTwiceOnPath_isTriedOnce() throws IOException {
        Path without = script("usr/bin/python3", "echo \"No module named 'samtranslator'\" >&2; exit 1");
        Files.createSymbolicLink(dir.resolve("bin"), dir.resolve("usr/bin"));

        Lookup lookup = OutsideTool.SAM_TRANSLATOR.find(Map.of("PATH", path(without, dir.resolve("bin/python3"))));

        assertThat(lookup.found()).isEmpty();
        assertThat(lookup.tried()).hasSize(1);
    }

    @Test
    void cfnLint_aProgramOnPath_beforeAPythonThatImportsIt() throws IOException {
        Path python = script("usr/bin/python3", "echo 'cfn-lint 1.51.0'");
        Path program = script("pipx/cfn-lint", "echo 'cfn-lint 1.50.0'");

        assertThat(OutsideTool.CFN_LINT.find(Map.of("PATH", path(program, python))).found())
                .contains(new Found(List.of(program.toString()), "cfn-lint 1.50.0"));
        assertThat(OutsideTool.CFN_LINT.find(Map.of("PATH", path(python))).found())
                .contains(new Found(List.of(python.toString(), "-c", OutsideTool.CFN_LINT_MAIN), "cfn-lint 1.51.0"));
    }

    @Test
    void program_aShimThatDoesNotRun_isPassedOver() throws IOException {
        Path shim = script("shims/aws", "echo 'pyenv: aws: command not found' >&2; exit 127");
        Path cli = script("usr/bin/aws", "echo 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12'");

        Lookup lookup = OutsideTool.AWS_CLI.find(Map.of("PATH", path(shim, cli)));

        assertThat(lookup.found()).map(Found::command).contains(List.of(cli.toString()));
        assertThat(lookup.found()).map(Found::version).hasValueSatisfying(v -> assertThat(v).startsWith("aws-cli/2."));
        assertThat(lookup.tried()).containsExactly(shim + ": pyenv: aws: command not found");
    }

    @Test
    void awsCli_onePredatingAwsEndpointUrl_isPassedOverByTestsThatNeedIt() throws IOException {
        Path debian = script("usr/bin/aws", "echo 'aws-cli/2.9.19 Python/3.11.2 Linux/6.1 source/x86_64.debian.12'");
        Path pip = script("venv/bin/aws", "echo 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11'");
        Map<String, String> env = Map.of("PATH", path(debian, pip));

        assertThat(OutsideTool.AWS_CLI.find(env).found()).map(Found::command).contains(List.of(debian.toString()));
        Lookup withEndpointUrl = OutsideTool.AWS_CLI_WITH_ENDPOINT_URL.find(env);
        assertThat(withEndpointUrl.found()).map(Found::command).contains(List.of(pip.toString()));
        assertThat(withEndpointUrl.tried()).singleElement().asString().startsWith(debian + ": aws-cli/2.9.19 ")
                .endsWith("predates AWS_ENDPOINT_URL (1.29.0, 2.13.0)");
    }

    @Test
    void awsEndpointUrl_isHonouredFrom129And213() {
        assertThat(OutsideTool.honoursEndpointUrl("aws-cli/1.28.9 Python/3.11")).isFalse();
        assertThat(OutsideTool.honoursEndpointUrl("aws-cli/1.29.0 Python/3.11")).isTrue();
        assertThat(OutsideTool.honoursEndpointUrl("aws-cli/2.12.7 Python/3.11")).isFalse();
        assertThat(OutsideTool.honoursEndpointUrl("aws-cli/2.13.0 Python/3.11")).isTrue();
        assertThat(OutsideTool.honoursEndpointUrl("aws-cli/2.100.1 Python/3.11")).isTrue();
        assertThat(OutsideTool.honoursEndpointUrl("something else")).isFalse();
    }

    @Test
    void missing_theReasonNamesTheTool_whatWasTried_andHowToGetIt() throws IOException {
        Path without = script("usr/bin/python3", "echo \"No module named 'moto'\" >&2; exit 1");

        Lookup lookup = OutsideTool.MOTO.find(Map.of("PATH", path(without)));

        assertThat(OutsideTool.MOTO.missing(lookup)).startsWith("moto 5.2.1 with its server extra not found (")
                .contains(without + ": No module named 'moto'")
                .contains("get it: python3 -m pip install 'moto[server]==5.2.1'");
        assertThat(OutsideTool.AWS_CLI.missing(OutsideTool.AWS_CLI.find(Map.of("PATH", dir.toString()))))
                .contains("no aws on PATH").contains("apt-get install awscli");
    }

    @Test
    void aMissingTool_skipsOutsideCi_andFailsUnderCi() {
        Lookup none = new Lookup(Optional.empty(), List.of("no chromedriver on PATH"));
        Lookup some = new Lookup(Optional.of(new Found(List.of("/usr/bin/chromium"), "Chromium 156")), List.of());
        List<OutsideTool> both = List.of(OutsideTool.CHROMIUM, OutsideTool.CHROMEDRIVER);

        ConditionEvaluationResult outsideCi = OutsideTool.decide(both,
                tool -> tool == OutsideTool.CHROMIUM ? some : none, false);

        assertThat(outsideCi.isDisabled()).isTrue();
        assertThat(outsideCi.getReason()).contains("skipped: chromedriver not found (no chromedriver on PATH); "
                + "get it: apt-get install chromium-driver");
        assertThatThrownBy(() -> OutsideTool.decide(both, tool -> tool == OutsideTool.CHROMIUM ? some : none, true))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("CI is set, so this test may not be skipped: chromedriver not found");
        assertThat(OutsideTool.decide(both, tool -> some, true).isDisabled()).isFalse();
    }

    @Test
    void ci_isSet_unlessUnsetEmptyOrFalse() {
        assertThat(OutsideTool.underCi(Map.of("CI", "true"))).isTrue();
        assertThat(OutsideTool.underCi(Map.of("CI", "1"))).isTrue();
        assertThat(OutsideTool.underCi(Map.of())).isFalse();
        assertThat(OutsideTool.underCi(Map.of("CI", ""))).isFalse();
        assertThat(OutsideTool.underCi(Map.of("CI", "false"))).isFalse();
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A PATH of the folders holding these files, in this order. */
    private static String path(Path... files) {
        return String.join(File.pathSeparator, java.util.Arrays.stream(files)
                .map(file -> file.getParent().toString()).toList());
    }
}
