package io.orgaccessguard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The deployment package of a function as {@code sam build} lays it out (classes at the root, jars in {@code lib/}):
 * its zip, and which of its jars the code uses, statically ({@code jdeps}) and at run time ({@code -Xlog:class+load}).
 */
final class DeploymentPackage {

    /** Where a loaded class came from, for {@link ClassLoads}. */
    static final String FUNCTION_CLASSES = "(function classes)";
    static final String JDK_SHARED = "(JDK, from the CDS archive)";
    static final String JDK_NOT_SHARED = "(JDK, parsed from jrt)";
    static final String GENERATED = "(generated: lambdas, proxies)";
    static final String RUNTIME = "(Lambda runtime interface client)";

    private DeploymentPackage() {
    }

    /** The jars of {@code lib/}, by file name, with their sizes, largest first. */
    static Map<String, Long> jars(Path layout) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(layout.resolve("lib"))) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar"))
                    .sorted(Comparator.comparingLong(DeploymentPackage::size).reversed()).toList()) {
                out.put(jar.getFileName().toString(), size(jar));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * Zips the layout as {@code sam deploy} uploads it (every file, deflated, paths relative to the layout) and returns
     * the zip's size in bytes. Entry times are fixed, so equal layouts give equal zips.
     */
    static long zip(Path layout, Path zipFile) {
        try {
            Files.createDirectories(zipFile.getParent());
            List<Path> files;
            try (Stream<Path> walk = Files.walk(layout)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                for (Path file : files) {
                    ZipEntry entry = new ZipEntry(layout.relativize(file).toString().replace('\\', '/'));
                    entry.setLastModifiedTime(FileTime.fromMillis(0));
                    zip.putNextEntry(entry);
                    Files.copy(file, zip);
                    zip.closeEntry();
                }
            }
            return Files.size(zipFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long unzippedSize(Path layout) {
        try (Stream<Path> walk = Files.walk(layout)) {
            return walk.filter(Files::isRegularFile).mapToLong(DeploymentPackage::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The jars of {@code lib/} that {@code jdeps} finds reachable from the function's classes, following class
     * references from jar to jar. A jar not in this set is referenced by no class the function could load, short of
     * reflection or {@code ServiceLoader}.
     */
    static Set<String> staticallyReachable(Path layout) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps")
                .orElseThrow(() -> new IllegalStateException("jdeps is not in this JDK"));
        List<String> jarPaths = new ArrayList<>();
        try (Stream<Path> files = Files.list(layout.resolve("lib"))) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jarPaths.add(p.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // jdeps would analyse the jars below the layout as class files of "." otherwise; give it the classes only
        Path classes = layout.resolve("io");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "--multi-release", "21", "-summary", "-R",
                "--ignore-missing-deps", "--class-path", String.join(java.io.File.pathSeparator, jarPaths),
                classes.toString());
        if (exit != 0) {
            throw new IllegalStateException("jdeps failed: " + err.toString(StandardCharsets.UTF_8));
        }
        Map<String, Set<String>> edges = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            int arrow = line.indexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            String from = fileName(line.substring(0, arrow).strip());
            String to = fileName(line.substring(arrow + 4).strip());
            edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
        }
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(fileName(classes.toString())));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, Set.of()));
            }
        }
        seen.removeIf(name -> !name.endsWith(".jar"));
        return seen;
    }

    /** Classes loaded by one function JVM, by where they came from, and when (JVM uptime). */
    record ClassLoads(Map<String, Integer> bySource, Map<String, Integer> bySourceDuringInit, int total,
                      int duringInit, List<Milestone> milestones) {

        int loadedFrom(String source) {
            return bySource.getOrDefault(source, 0);
        }
    }

    /** The first class loaded of a kind that marks a phase (the handler, the first AWS client, the first request). */
    record Milestone(String what, String className, double uptimeMs) {
    }

    /** Classes whose first load marks a phase of the cold start, in the order they are looked for. */
    private static final Map<String, String> MILESTONES = milestones();

    private static Map<String, String> milestones() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("handler class", "io.orgaccessguard.handler.");
        m.put("AWS SDK first class", "software.amazon.awssdk.");
        m.put("first service client", "software.amazon.awssdk.services.");
        m.put("event parsed (invocation)", "io.orgaccessguard.trigger.TriggerEventParser");
        m.put("first request: pipeline", "software.amazon.awssdk.core.internal.http.pipeline.stages.");
        m.put("first request: SigV4", "software.amazon.awssdk.http.auth.aws.internal.signer.V4CanonicalRequest");
        m.put("first request: HTTP", "sun.net.www.protocol.http.HttpURLConnection");
        m.put("first XML response (StAX)", "javax.xml.stream.XMLInputFactory");
        m.put("IAM client built", "software.amazon.awssdk.services.iam.DefaultIamClient");
        m.put("policy builder", "software.amazon.awssdk.policybuilder.");
        m.put("SNS client built", "software.amazon.awssdk.services.sns.DefaultSnsClient");
        return m;
    }

    /**
     * Reads a {@code -Xlog:class+load=info:file=...:uptime} log of a function JVM.
     *
     * @param initMs the init duration of that JVM: classes loaded before it count as init's
     */
    static ClassLoads classLoads(Path log, Path layout, double initMs) {
        String taskRoot = layout.toAbsolutePath().normalize() + "/";
        Map<String, Integer> bySource = new TreeMap<>();
        Map<String, Integer> bySourceDuringInit = new TreeMap<>();
        Map<String, Milestone> milestones = new LinkedHashMap<>();
        int total = 0;
        int duringInit = 0;
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            // [0.123s] some.Class source: where
            int close = line.indexOf("s]");
            int sourceAt = line.indexOf(" source: ");
            if (!line.startsWith("[") || close < 0 || sourceAt < 0) {
                continue;
            }
            double uptimeMs = Double.parseDouble(line.substring(1, close)) * 1000;
            String className = line.substring(close + 2, sourceAt).strip();
            String source = source(line.substring(sourceAt + " source: ".length()).strip(), taskRoot);
            total++;
            bySource.merge(source, 1, Integer::sum);
            if (uptimeMs <= initMs) {
                duringInit++;
                bySourceDuringInit.merge(source, 1, Integer::sum);
            }
            for (Map.Entry<String, String> m : MILESTONES.entrySet()) {
                if (!milestones.containsKey(m.getKey()) && className.startsWith(m.getValue())) {
                    milestones.put(m.getKey(), new Milestone(m.getKey(), className, uptimeMs));
                }
            }
        }
        List<Milestone> ordered = milestones.values().stream().sorted(Comparator.comparingDouble(Milestone::uptimeMs))
                .toList();
        return new ClassLoads(bySource, bySourceDuringInit, total, duringInit, ordered);
    }

    private static String source(String raw, String taskRoot) {
        if (raw.startsWith("shared objects file")) {
            return JDK_SHARED;
        }
        if (raw.startsWith("jrt:/")) {
            return JDK_NOT_SHARED;
        }
        String path = raw.startsWith("jar:") ? raw.substring(4) : raw;
        if (!path.startsWith("file:")) {
            return GENERATED; // __JVM_LookupDefineClass__, instance of ..., and the like
        }
        path = "/" + path.substring(5).replaceFirst("^/+", "");
        int bang = path.indexOf("!/");
        if (bang >= 0) {
            path = path.substring(0, bang);
        }
        if (path.startsWith(taskRoot)) {
            String rest = path.substring(taskRoot.length());
            return rest.startsWith("lib/") ? rest.substring(4) : FUNCTION_CLASSES;
        }
        if ((path + "/").equals(taskRoot)) {
            return FUNCTION_CLASSES;
        }
        return RUNTIME;
    }

    private static String fileName(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
