package io.orgaccessguard.localinvoke;

import io.orgaccessguard.localinvoke.build.FunctionBuilder;
import io.orgaccessguard.localinvoke.template.SamFunction;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fixture function project and template, copied to {@code target/local-invoke-fixture} (so the build never
 * writes into src/) and built once per test JVM: {@code EchoFunction} through the real Maven steps, the other
 * functions (same CodeUri) laid out from the same Maven output, as {@code sam build} does for functions sharing a
 * CodeUri.
 */
final class Fixture {

    static final Path SOURCE = Path.of("src/test/fixtures").toAbsolutePath();
    static final Path ROOT = Path.of("target/local-invoke-fixture").toAbsolutePath();
    static final Path TEMPLATE = ROOT.resolve("template.yaml");
    static final Path BUILD_DIR = ROOT.resolve(".aws-sam/build");

    private static boolean built;
    private static double buildSeconds;

    private Fixture() {
    }

    /** The Maven executable for the fixture build: {@code -Dlocalinvoke.test.maven}, else the tool's default. */
    static String maven() {
        String maven = System.getProperty("localinvoke.test.maven");
        return maven == null || maven.isBlank() ? null : maven;
    }

    /** Copies and builds the fixture once; returns the build folder. */
    static synchronized Path build() {
        if (built) {
            return BUILD_DIR;
        }
        try {
            FunctionBuilder.replaceTree(SOURCE, ROOT,
                    relative -> relative.toString().contains("/target") || relative.startsWith(".aws-sam"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long start = System.nanoTime();
        SamTemplate template = SamTemplate.load(TEMPLATE);
        FunctionBuilder.layout(template.function("EchoFunction"), BUILD_DIR, maven(), false, System.err::println);
        for (SamFunction function : template.functions()) {
            if (!function.logicalId().equals("EchoFunction")) {
                FunctionBuilder.assemble(function.codeDirectory().orElseThrow().resolve("target"),
                        BUILD_DIR.resolve(function.logicalId()));
            }
        }
        buildSeconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("Fixture built in %.1f s%n", buildSeconds);
        built = true;
        return BUILD_DIR;
    }

    /** A request for a fixture function, reusing the build, with an empty caller environment. */
    static InvokeRequest.Builder request(String function) {
        build();
        return InvokeRequest.builder(TEMPLATE, function)
                .buildDir(BUILD_DIR)
                .skipBuild(true)
                .callerEnvironment(Map.of())
                .logSink(line -> System.err.println("  | " + line));
    }
}
