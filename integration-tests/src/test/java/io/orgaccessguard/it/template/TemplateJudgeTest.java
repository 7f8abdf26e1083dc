package io.orgaccessguard.it.template;

import static io.orgaccessguard.it.support.OutsideTool.SAM_TRANSLATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.it.support.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .ci/template_judge.py} (AWS's SAM translator under many parameter sets, see its header) passes on
 * {@code template.yaml} and fails on each mistake it exists to catch, made on a copy of the template: an alias the
 * rule invokes (a parameter change never reaches it), a timeout too short for the propagation wait the template
 * admits, and an asynchronous-invocation config on another qualifier than the one the rule invokes.
 * {@code .ci/run} runs the judge before the build; here it runs with the tests, with the python that imports
 * samtranslator and boto3 ({@link OutsideTool#SAM_TRANSLATOR}): skipped without one, failed under CI.
 */
@OutsideTool.Required(SAM_TRANSLATOR)
class TemplateJudgeTest {

    record Verdict(int exitCode, String output) {
    }

    @Test
    void theTemplatePasses() throws Exception {
        Verdict verdict = judge(Repo.root().resolve("template.yaml"));

        assertThat(verdict.output()).contains("rule JoinEventFunctionAccountJoined -> JoinEventFunction,",
                "rule ManualCheckFunctionReconcile -> ManualCheckFunction").doesNotContain("FAIL");
        assertThat(verdict.exitCode()).as(verdict.output()).isZero();
    }

    /** Defect 2 as it was: SAM names the version after the properties as written, so DRY_RUN never reaches it. */
    @Test
    void anAliasTheRuleInvokes_failsBecauseAParameterChangeNeverReachesIt(@TempDir Path dir) throws Exception {
        Path template = variant(dir, "    CodeUri: functions/access-guard\n",
                "    CodeUri: functions/access-guard\n    AutoPublishAlias: live\n");

        Verdict verdict = judge(template);

        assertThat(verdict.exitCode()).as(verdict.output()).isEqualTo(1);
        assertThat(verdict.output()).contains("FAIL [DryRun=true] rule JoinEventFunctionAccountJoined invokes"
                        + " JoinEventFunction:live", "DRY_RUN: runs \"false\", parameters say \"true\"")
                .contains("FAIL [AccessRoleName=GuardAccessRole] rule ManualCheckFunctionReconcile invokes"
                        + " ManualCheckFunction:live");
    }

    /** Defect 3 as it was: the join function's 300 s against a propagation wait of up to 600 s. */
    @Test
    void aTimeoutTooShortForTheLongestPropagationWait_fails(@TempDir Path dir) throws Exception {
        Path template = variant(dir, "    Timeout: 900\n", "    Timeout: 300\n");

        Verdict verdict = judge(template);

        assertThat(verdict.exitCode()).as(verdict.output()).isEqualTo(1);
        assertThat(verdict.output()).contains("FAIL [RolePropagationWaitSeconds=600] JoinEventFunction has Timeout"
                + " 300 s but ROLE_PROPAGATION_WAIT_SECONDS=600");
    }

    @Test
    void retriesConfiguredOnAnotherQualifierThanTheRuleInvokes_fail(@TempDir Path dir) throws Exception {
        Path template = variant(dir, "  # What both functions may do in AWS",
                String.join("\n", "  StrayInvokeConfig:", "    Type: AWS::Lambda::EventInvokeConfig",
                        "    Properties:", "      FunctionName: !Ref JoinEventFunction", "      Qualifier: live",
                        "      MaximumRetryAttempts: 0", "", "  # What both functions may do in AWS"));

        Verdict verdict = judge(template);

        assertThat(verdict.exitCode()).as(verdict.output()).isEqualTo(1);
        assertThat(verdict.output()).contains("StrayInvokeConfig configures JoinEventFunction:live, but rule"
                + " JoinEventFunctionAccountJoined invokes JoinEventFunction:$LATEST");
    }

    /** template.yaml with one piece of text replaced (which must be there exactly once). */
    private static Path variant(Path dir, String text, String replacement) throws IOException {
        String original = Files.readString(Repo.root().resolve("template.yaml"), StandardCharsets.UTF_8);
        assertThat(original.split(java.util.regex.Pattern.quote(text), -1)).as("occurrences of %s", text).hasSize(2);
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, original.replace(text, replacement), StandardCharsets.UTF_8);
        return copy;
    }

    private static Verdict judge(Path template) throws Exception {
        Verdict verdict = run(SAM_TRANSLATOR.found().with(Repo.root().resolve(".ci/template_judge.py").toString(),
                template.toString()));
        System.out.println("[template judge] " + template + "\n" + verdict.output());
        return verdict;
    }

    private static Verdict run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Verdict(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
