package io.orgaccessguard.localinvoke.build;

import io.orgaccessguard.localinvoke.template.SamFunction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Lays a Java Maven function out the way {@code sam build} does (aws-lambda-builders' {@code JavaMavenWorkflow}):
 * <ol>
 *   <li>{@code mvn clean install} in the function's {@code CodeUri} folder (here with {@code -q -B -DskipTests});</li>
 *   <li>{@code mvn dependency:copy-dependencies -DincludeScope=runtime -Dmdep.prependGroupId=true} (compile and
 *       runtime scope jars, never test or provided ones, into {@code target/dependency});</li>
 *   <li>{@code target/classes} copied to {@code <build-dir>/<LogicalId>/} and {@code target/dependency} to
 *       {@code <build-dir>/<LogicalId>/lib/}: Lambda's java21 layout ({@code /var/task} +
 *       {@code /var/task/lib/*.jar}).</li>
 * </ol>
 * Unlike {@code sam build}, Maven runs in the {@code CodeUri} folder itself rather than in a scratch copy, and unit
 * tests are skipped.
 */
public final class FunctionBuilder {

    /** Arguments of the first Maven run. */
    public static final List<String> BUILD_ARGS = List.of("-q", "-B", "clean", "install", "-DskipTests");
    /** Arguments of the second Maven run (as aws-lambda-builders passes them, plus {@code -q -B}). */
    public static final List<String> COPY_DEPENDENCIES_ARGS = List.of("-q", "-B", "dependency:copy-dependencies",
            "-DincludeScope=runtime", "-Dmdep.prependGroupId=true");

    private static final long MAVEN_TIMEOUT_MINUTES = 15;

    private FunctionBuilder() {
    }

    /**
     * Builds (unless {@code skipBuild}) and lays out a function.
     *
     * @param function  the function; its {@code CodeUri} must be a local folder with a {@code pom.xml}
     * @param buildDir  the build folder; the layout goes to {@code buildDir/<LogicalId>}
     * @param maven     the Maven executable; {@code null} for {@link #defaultMaven(Path)} from the template's folder
     * @param skipBuild reuse an existing {@code buildDir/<LogicalId>} instead of running Maven
     * @param log       receives progress lines
     * @return the task root ({@code buildDir/<LogicalId>})
     * @throws BuildException if the build fails or there is nothing to reuse
     */
    public static Path layout(SamFunction function, Path buildDir, String maven, boolean skipBuild,
                              Consumer<String> log) {
        Path taskRoot = buildDir.toAbsolutePath().normalize().resolve(function.logicalId());
        if (skipBuild) {
            if (!Files.isDirectory(taskRoot)) {
                throw new BuildException("nothing to reuse: " + taskRoot + " does not exist (build without "
                        + "--skip-build first)");
            }
            log.accept("Reusing " + taskRoot);
            return taskRoot;
        }
        if (!"Zip".equals(function.packageType())) {
            throw new BuildException(function.logicalId() + " is an Image function; only Zip functions are built");
        }
        Path codeDir = function.codeDirectory().orElseThrow(() -> new BuildException(function.logicalId()
                + " has no local CodeUri folder (CodeUri: " + function.property("CodeUri") + ")"));
        if (!Files.isRegularFile(codeDir.resolve("pom.xml"))) {
            throw new BuildException("CodeUri " + codeDir + " of " + function.logicalId() + " has no pom.xml");
        }
        String mvn = maven != null ? maven : defaultMaven(function.template().baseDirectory());
        long start = System.nanoTime();
        log.accept("Building " + function.logicalId() + " in " + codeDir + " with " + mvn);
        runMaven(mvn, BUILD_ARGS, codeDir);
        runMaven(mvn, COPY_DEPENDENCIES_ARGS, codeDir);
        assemble(codeDir.resolve("target"), taskRoot);
        log.accept(String.format("Built %s in %.1f s: %s (%d jars in lib/)", function.logicalId(),
                (System.nanoTime() - start) / 1e9, taskRoot, libJars(taskRoot).size()));
        return taskRoot;
    }

    /**
     * The Maven executable to use for a template: the first executable {@code mvnw} found walking up from the
     * template's folder, else {@code mvn} (from {@code PATH}).
     */
    public static String defaultMaven(Path templateDirectory) {
        for (Path dir = templateDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path wrapper = dir.resolve("mvnw");
            if (Files.isRegularFile(wrapper)) {
                return wrapper.toString();
            }
        }
        return "mvn";
    }

    /**
     * Copies {@code target/classes} to the task root and the jars of {@code target/dependency} to its {@code lib/},
     * replacing whatever the task root held.
     */
    public static void assemble(Path mavenTarget, Path taskRoot) {
        Path classes = mavenTarget.resolve("classes");
        if (!Files.isDirectory(classes)) {
            throw new BuildException("Required target/classes directory was not produced: " + classes);
        }
        try {
            replaceTree(classes, taskRoot, relative -> false);
            Path lib = taskRoot.resolve("lib");
            Files.createDirectories(lib);
            Path dependencies = mavenTarget.resolve("dependency");
            if (Files.isDirectory(dependencies)) {
                try (Stream<Path> jars = Files.list(dependencies)) {
                    for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                        Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new BuildException("cannot lay out " + taskRoot + ": " + e.getMessage(), e);
        }
    }

    /** The jar names in {@code taskRoot/lib}, sorted (the order Lambda's class loader adds them in). */
    public static List<String> libJars(Path taskRoot) {
        Path lib = taskRoot.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void runMaven(String mvn, List<String> args, Path dir) {
        List<String> command = new ArrayList<>();
        Path mvnPath = Path.of(mvn);
        if (mvn.contains("/") && Files.isRegularFile(mvnPath) && !Files.isExecutable(mvnPath)) {
            command.add("sh");
        }
        command.add(mvn);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        if (env.get("JAVA_HOME") == null || env.get("JAVA_HOME").isBlank()) {
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }
        String output;
        int exit;
        try {
            Process process = pb.start();
            process.getOutputStream().close();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> copy(process.getInputStream(), buffer));
            if (!process.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new BuildException(String.join(" ", command) + " did not finish within "
                        + MAVEN_TIMEOUT_MINUTES + " minutes");
            }
            reader.join();
            exit = process.exitValue();
            output = buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException("cannot run " + String.join(" ", command) + " in " + dir + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while running Maven", e);
        }
        if (exit != 0) {
            throw new BuildException("Maven Failed: " + String.join(" ", command) + " (in " + dir + ") exited with "
                    + exit + ":\n" + tail(output, 60));
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
    }

    /**
     * Replaces {@code to} with a copy of {@code from}, leaving out the paths (relative to {@code from}) that
     * {@code leaveOut} accepts.
     */
    public static void replaceTree(Path from, Path to, Predicate<Path> leaveOut) throws IOException {
        deleteRecursively(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path relative = from.relativize(source);
                if (leaveOut.test(relative)) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
