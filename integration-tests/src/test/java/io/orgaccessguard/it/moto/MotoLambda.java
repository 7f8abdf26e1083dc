package io.orgaccessguard.it.moto;

import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;

import io.orgaccessguard.it.support.Trees;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.EnvVarsFile;
import io.orgaccessguard.localinvoke.InvokeRequest;
import io.orgaccessguard.localinvoke.LocalInvoke;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The functions of {@code template.yaml} run as Lambda runs them (through {@code tools/local-invoke}: the layout of
 * {@code sam build}, a fresh JVM, the real runtime interface client), with {@code AWS_ENDPOINT_URL} pointing at moto:
 * the handler entry points and environment variables exactly as the template defines them, configured only through
 * template parameters, as a deployment would be.
 */
final class MotoLambda {

    static final String JOIN_FUNCTION = "JoinEventFunction";
    static final String CHECK_FUNCTION = "ManualCheckFunction";
    /** The template parameters of the deployment under test; everything else keeps the template's default. */
    static final Map<String, String> PARAMETERS = Map.of(
            "BootstrapRoleNames", BOOTSTRAP_ROLE,
            "NotifyOn", "changes",
            // moto makes a role assumable at once: a short wait keeps a failure to verify from hanging the suite
            "RolePropagationWaitSeconds", "5");
    private static final Path BUILD_DIR = Path.of("target", "sam-build").toAbsolutePath();
    private static boolean built;

    private MotoLambda() {
    }

    /**
     * Builds both functions once per test JVM, as {@code sam build} does ({@code mvn clean install} and
     * {@code copy-dependencies} in their shared {@code CodeUri}; half a minute), unless the layout in the build folder
     * was made after the last change to that folder (by {@code LocalInvokeEventsTest}, or an earlier run).
     */
    static synchronized void buildOnce(Consumer<String> log) {
        if (built) {
            return;
        }
        SamTemplate sam = SamTemplate.load(template());
        Path codeDirectory = sam.function(JOIN_FUNCTION).codeDirectory().orElseThrow();
        if (!sam.function(CHECK_FUNCTION).codeDirectory().orElseThrow().equals(codeDirectory)) {
            throw new IllegalStateException("the functions no longer share a CodeUri: build each");
        }
        if (layoutIsNewerThan(codeDirectory)) {
            log.accept("Reusing " + BUILD_DIR + ": made after the last change in " + codeDirectory);
            built = true;
            return;
        }
        LocalInvoke.prepare(InvokeRequest.builder(template(), JOIN_FUNCTION)
                .envVars(EnvVarsFile.parse(Json.write(Map.of(EnvVarsFile.ALL_FUNCTIONS,
                        Map.of("NOTIFICATION_TOPIC_ARN", "arn:aws:sns:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":build",
                                "FUNCTION_ROLE_ARNS", "", "STATUS_TABLE_NAME", MotoOrganization.STATUS_TABLE,
                                "ARTIFACT_BUCKET", "", "ORGANIZATION_ID", "")))))
                .parameterOverrides(PARAMETERS).buildDir(BUILD_DIR).skipBuild(false).callerEnvironment(Map.of())
                .logSink(log).build());
        Trees.replace(BUILD_DIR.resolve(JOIN_FUNCTION), BUILD_DIR.resolve(CHECK_FUNCTION));
        built = true;
    }

    /**
     * An invocation against moto: the endpoint, the region, the function role's session, and the value only a
     * deployment knows ({@code NOTIFICATION_TOPIC_ARN}, the stack's topic), as a SAM {@code --env-vars} file gives
     * them.
     */
    static InvokeRequest.Builder request(String function, URI moto, MotoOrganization organization,
                                         Consumer<String> log) {
        var variables = new LinkedHashMap<String, String>();
        variables.put("AWS_ENDPOINT_URL", moto.toString());
        variables.put("AWS_REGION", "us-east-1");
        variables.put("AWS_ACCESS_KEY_ID", organization.functionCredentials().accessKeyId());
        variables.put("AWS_SECRET_ACCESS_KEY", organization.functionCredentials().secretAccessKey());
        variables.put("AWS_SESSION_TOKEN", organization.functionCredentials().sessionToken());
        variables.put("NOTIFICATION_TOPIC_ARN", organization.topicArn());
        // Known only to a deployment (!GetAtt of the functions' roles); the trust here is the management root anyway.
        variables.put("FUNCTION_ROLE_ARNS", "");
        variables.put("STATUS_TABLE_NAME", MotoOrganization.STATUS_TABLE);
        // No artifact bucket: the moto scenarios judge the checks, not the quick-create links or the directory.
        variables.put("ARTIFACT_BUCKET", "");
        variables.put("S3_FORCE_PATH_STYLE", "true");
        variables.put("ORGANIZATION_ID", "");
        return InvokeRequest.builder(template(), function)
                .envVars(EnvVarsFile.parse(Json.write(Map.of(EnvVarsFile.ALL_FUNCTIONS, variables))))
                .parameterOverrides(PARAMETERS)
                .buildDir(BUILD_DIR)
                .skipBuild(true)
                .accountId(MANAGEMENT_ACCOUNT_ID)
                .callerEnvironment(Map.of())
                .logSink(log);
    }

    /**
     * Whether both layouts exist and every file of them was written after every file of the code folder (its
     * {@code target} aside): the layout is copied last, the check function's from the join function's.
     */
    private static boolean layoutIsNewerThan(Path codeDirectory) {
        Path joinLayout = BUILD_DIR.resolve(JOIN_FUNCTION);
        Path checkLayout = BUILD_DIR.resolve(CHECK_FUNCTION);
        if (!Files.isDirectory(joinLayout) || !Files.isDirectory(checkLayout)) {
            return false;
        }
        try (Stream<Path> layout = Files.walk(checkLayout); Stream<Path> sources = Files.walk(codeDirectory)) {
            long layoutWritten = layout.filter(Files::isRegularFile).mapToLong(MotoLambda::modified).min()
                    .orElse(Long.MIN_VALUE);
            Path target = codeDirectory.resolve("target");
            long sourcesChanged = sources.filter(path -> !path.startsWith(target)).filter(Files::isRegularFile)
                    .mapToLong(MotoLambda::modified).max().orElse(Long.MAX_VALUE);
            return layoutWritten > sourcesChanged;
        } catch (IOException e) {
            return false;
        }
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path template() {
        return Repo.root().resolve("template.yaml");
    }
}
