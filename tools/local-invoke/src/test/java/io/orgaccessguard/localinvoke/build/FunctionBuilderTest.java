package io.orgaccessguard.localinvoke.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.localinvoke.FixtureAccess;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionBuilderTest {

    @Test
    void laysOutClassesAtTheRootAndRuntimeScopeJarsInLib() throws IOException {
        Path echo = FixtureAccess.buildDir().resolve("EchoFunction");
        assertThat(echo.resolve("fixture/EchoStreamHandler.class")).isRegularFile();
        assertThat(echo.resolve("fixture/MapHandler.class")).isRegularFile();
        // compile scope, direct and transitive, named like aws-lambda-builders names them (groupId prepended)
        assertThat(FunctionBuilder.libJars(echo)).containsExactly(
                "com.amazonaws.aws-lambda-java-core-1.4.0.jar",
                "com.fasterxml.jackson.core.jackson-core-2.20.1.jar",
                "com.fasterxml.jackson.jr.jackson-jr-objects-2.20.1.jar");
        // nothing of test scope (junit and its dependencies, the test classes), provided scope, nor the RIC
        try (Stream<Path> all = Files.walk(echo)) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.contains("junit") || n.contains("opentest4j") || n.contains("apiguardian"))
                    .noneMatch(n -> n.contains("aws-lambda-java-events"))
                    .noneMatch(n -> n.contains("runtime-interface-client"))
                    .noneMatch(n -> n.contains("EchoStreamHandlerTest"))
                    .noneMatch(n -> n.endsWith(".java"));
        }
        // the other functions share the CodeUri and get the same layout
        assertThat(FunctionBuilder.libJars(FixtureAccess.buildDir().resolve("MapFunction")))
                .isEqualTo(FunctionBuilder.libJars(echo));
    }

    @Test
    void findsTheMavenWrapperWalkingUp(@TempDir Path dir) throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a/b/c"));
        assertThat(FunctionBuilder.defaultMaven(nested)).isEqualTo("mvn");
        Files.writeString(dir.resolve("a/mvnw"), "#!/bin/sh\n");
        assertThat(FunctionBuilder.defaultMaven(nested)).isEqualTo(dir.resolve("a/mvnw").toString());
    }

    @Test
    void refusesWhatItCannotBuild(@TempDir Path dir) throws IOException {
        SamTemplate t = SamTemplate.parse("""
                Resources:
                  NoPom:
                    Type: AWS::Serverless::Function
                    Properties: {Runtime: java21, Handler: a.B, CodeUri: nopom}
                  S3:
                    Type: AWS::Serverless::Function
                    Properties: {Runtime: java21, Handler: a.B, CodeUri: s3://bucket/code.zip}
                """, dir);
        Files.createDirectories(dir.resolve("nopom"));
        assertThatThrownBy(() -> FunctionBuilder.layout(t.function("NoPom"), dir.resolve("build"), "mvn", false,
                s -> { })).isInstanceOf(BuildException.class).hasMessageContaining("no pom.xml");
        assertThatThrownBy(() -> FunctionBuilder.layout(t.function("S3"), dir.resolve("build"), "mvn", false,
                s -> { })).isInstanceOf(BuildException.class).hasMessageContaining("no local CodeUri");
        assertThatThrownBy(() -> FunctionBuilder.layout(t.function("NoPom"), dir.resolve("build"), "mvn", true,
                s -> { })).isInstanceOf(BuildException.class).hasMessageContaining("--skip-build");
    }

    @Test
    void reportsMavenFailures(@TempDir Path dir) throws IOException {
        Path code = Files.createDirectories(dir.resolve("code"));
        Files.writeString(code.resolve("pom.xml"), "<project>");
        Path fakeMaven = dir.resolve("fake-mvn");
        Files.writeString(fakeMaven, "#!/bin/sh\necho \"[ERROR] something broke in $*\"\nexit 1\n");
        fakeMaven.toFile().setExecutable(true);
        SamTemplate t = SamTemplate.parse("""
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties: {Runtime: java21, Handler: a.B, CodeUri: code}
                """, dir);
        assertThatThrownBy(() -> FunctionBuilder.layout(t.function("Fn"), dir.resolve("build"), fakeMaven.toString(),
                false, s -> { })).isInstanceOf(BuildException.class)
                .hasMessageContaining("Maven Failed")
                .hasMessageContaining("something broke in -q -B clean install -DskipTests");
    }
}
