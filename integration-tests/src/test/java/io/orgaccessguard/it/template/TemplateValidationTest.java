package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orgaccessguard.it.support.Repo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code template.yaml} passes cfn-lint, which runs AWS's own SAM translator on it (the {@code AWS::Serverless}
 * transform, as CloudFormation would) and validates the result against CloudFormation's resource schemas: resource
 * types, property names and types, value ranges, intrinsic functions, {@code Ref}/{@code GetAtt} targets.
 * {@code .ci/run} runs the same command before the build; here it runs with the tests when cfn-lint is installed.
 */
class TemplateValidationTest {

    @Test
    void templatePassesCfnLint_withTheSamTranslator() throws Exception {
        Optional<Path> cfnLint = onPath("cfn-lint");
        assumeTrue(cfnLint.isPresent(), "cfn-lint is not on PATH (pip install cfn-lint); .ci/run requires it");
        Path template = Repo.root().resolve("template.yaml");

        Process process = new ProcessBuilder(cfnLint.get().toString(), template.toString())
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

    private static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }
}
