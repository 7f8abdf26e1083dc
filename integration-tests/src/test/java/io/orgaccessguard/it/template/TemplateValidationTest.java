package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;
import static io.orgaccessguard.it.support.OutsideTool.CFN_LINT;

import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.it.support.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} passes cfn-lint, which runs AWS's own SAM translator on it (the {@code AWS::Serverless}
 * transform, as CloudFormation would) and validates the result against CloudFormation's resource schemas: resource
 * types, property names and types, value ranges, intrinsic functions, {@code Ref}/{@code GetAtt} targets.
 * {@code .ci/run} runs the same command before the build; here it runs with the tests wherever cfn-lint is found
 * ({@link OutsideTool#CFN_LINT}): skipped without it, failed under CI.
 */
@OutsideTool.Required(CFN_LINT)
class TemplateValidationTest {

    @Test
    void templatePassesCfnLint_withTheSamTranslator() throws Exception {
        Path template = Repo.root().resolve("template.yaml");

        Process process = new ProcessBuilder(CFN_LINT.found().with(template.toString()))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("cfn-lint did not finish within 180 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(output).as("cfn-lint %s (exit %d)", template, process.exitValue()).isEmpty();
        assertThat(process.exitValue()).isZero();
    }
}
